#include "cli/api_client.hpp"

#include <algorithm>
#include <exception>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "cli/cli_error.hpp"
#include "cli/formatting.hpp"

namespace dms::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

constexpr std::size_t kMaxAnswerBytes = 256u << 20;

// Resolve, connect, send, read: all under one deadline (the stream's timer covers connect, write and read).
asio::awaitable<void> exchange(std::string host, std::string port, Request& request, Response& response,
                               std::chrono::milliseconds timeout) {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    auto endpoints = co_await resolver.async_resolve(host, port, asio::use_awaitable);
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxAnswerBytes);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    response = parser.release();
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

// The body on one line and not too long, for an answer that is not the JSON error model.
std::string one_line(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    if (text.size() > 200) text = text.substr(0, 200) + "...";
    return text;
}

// "HTTP 404 not_found: task 'x' not found", from the error model when the answer follows it.
std::string describe_error(const Response& response) {
    std::string status = "HTTP " + std::to_string(response.result_int());
    auto body = nlohmann::json::parse(response.body(), nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
        const auto& error = body["error"];
        std::string code = error.value("code", "");
        std::string message = error.value("message", "");
        return status + " " + code + ": " + one_line(message);
    }
    std::string reason(response.reason());
    if (reason.empty()) reason = std::string(http::obsolete_reason(response.result()));
    return status + " " + reason + (response.body().empty() ? "" : ": " + one_line(response.body()));
}

}  // namespace

ApiClient::ApiClient(const std::string& api_base, std::string operator_token, std::chrono::milliseconds timeout)
    : api_base_(api_base), operator_token_(std::move(operator_token)), timeout_(timeout) {
    auto url = boost::urls::parse_absolute_uri(api_base);
    if (!url || url->scheme() != "http" || url->host().empty()) {
        throw CliError("the API base '" + api_base + "' is not an http://host[:port]/prefix URL", kExitUsage);
    }
    host_ = url->host();
    port_ = url->has_port() ? std::string(url->port()) : "80";
    base_path_ = url->encoded_path();
    while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();
}

std::string ApiClient::segment(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

std::string ApiClient::target(const std::string& path, const Query& query) const {
    std::string target = base_path_ + path;
    char separator = '?';
    for (const auto& [name, value] : query) {
        // Encoded by hand: a literal '+' would otherwise reach the server, which reads it as a space.
        target += separator + segment(name) + "=" + segment(value);
        separator = '&';
    }
    return target;
}

nlohmann::json ApiClient::call(Verb verb, const std::string& path, const Query& query, const nlohmann::json& body,
                               bool as_operator) const {
    Request request{verb, target(path, query), 11};
    request.set(http::field::host, host_ + ":" + port_);
    request.set(http::field::user_agent, "dmsctl/" DMS_VERSION);
    request.set(http::field::accept, "application/json");
    request.keep_alive(false);
    if (as_operator) request.set("X-Operator-Token", operator_token_);
    if (!body.is_null()) {
        request.set(http::field::content_type, "application/json");
        request.body() = body.dump();
    }
    request.prepare_payload();

    Response response;
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, exchange(host_, port_, request, response, timeout_),
                   [&failure](std::exception_ptr error) { failure = error; });
    io.run();
    if (failure) {
        std::string what = std::string(http::to_string(verb)) + " " + api_base_ + path;
        try {
            std::rethrow_exception(failure);
        } catch (const boost::system::system_error& error) {
            if (error.code() == beast::error::timeout) {
                throw CliError(what + ": no answer within " + format_number(timeout_.count() / 1000.0) + " s");
            }
            throw CliError("cannot reach the DMS host at " + api_base_ + ": " + error.code().message());
        }
    }
    if (response.result_int() >= 300) throw CliError(describe_error(response));
    if (response.body().empty()) return nullptr;
    auto json = nlohmann::json::parse(response.body(), nullptr, false);
    if (json.is_discarded())
        throw CliError("the answer to " + std::string(request.target()) + " is not JSON: " + one_line(response.body()));
    return json;
}

}  // namespace dms::cli
