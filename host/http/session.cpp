#include "http/session.hpp"

#include <chrono>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "http/request_id.hpp"
#include "http/request_log_scope.hpp"
#include "http/responses.hpp"

namespace dms::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// The answer to a request that could not be read, or nothing when the client just went away, or sat idle
// between requests.
std::optional<Response> answer_to_read_error(const beast::error_code& error, bool got_some) {
    if (error == beast_http::error::body_limit) {
        return unparsed_error_response(Status::payload_too_large, "payload_too_large", "the request body is too large");
    }
    if (error == beast_http::error::header_limit) {
        return unparsed_error_response(Status::request_header_fields_too_large, "headers_too_large",
                                       "the request headers are too large");
    }
    if (error == beast::error::timeout) {
        if (!got_some) return std::nullopt;
        return unparsed_error_response(Status::request_timeout, "request_timeout", "the request took too long to arrive");
    }
    bool parse_error = error.category() == beast_http::make_error_code(beast_http::error::bad_target).category();
    if (parse_error && error != beast_http::error::end_of_stream && error != beast_http::error::partial_message) {
        return unparsed_error_response(Status::bad_request, "bad_request", "malformed HTTP request: " + error.message());
    }
    return std::nullopt;
}

// The request's id: the client's X-Request-Id when acceptable, else a new one.
std::string request_id_of(const Request& request) {
    auto header = request.find(kRequestIdHeader);
    if (header == request.end()) return request_id_for({});
    return request_id_for(std::string_view(header->value().data(), header->value().size()));
}

}  // namespace

Awaitable<void> serve_session(asio::ip::tcp::socket socket, const Router& router, const ServerOptions& options,
                              RequestObserver* observer) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        parser.body_limit(options.max_body_bytes);
        stream.expires_after(options.request_timeout);

        auto [header_error, header_bytes] = co_await beast_http::async_read_header(stream, buffer, parser, kNoThrow);
        beast::error_code read_error = header_error;
        if (!read_error) {
            // curl and others wait for this before sending a body larger than 1 KiB.
            if (parser.get()[beast_http::field::expect] == "100-continue") {
                beast_http::response<beast_http::empty_body> go_on{Status::continue_, parser.get().version()};
                co_await beast_http::async_write(stream, go_on, kNoThrow);
            }
            auto [body_error, body_bytes] = co_await beast_http::async_read(stream, buffer, parser, kNoThrow);
            read_error = body_error;
        }
        if (read_error) {
            if (auto answer = answer_to_read_error(read_error, parser.got_some())) {
                // The client's id when its headers arrived whole, else a new one.
                std::string request_id = parser.is_header_done() ? request_id_of(parser.get()) : request_id_for({});
                answer->set(kRequestIdHeader, request_id);
                {
                    RequestLogScope log_scope(request_id);
                    spdlog::info("request not read: {} {}", answer->result_int(), read_error.message());
                }
                if (observer) observer->unread(answer->result_int());
                co_await beast_http::async_write(stream, *answer, kNoThrow);
            }
            break;
        }

        auto started = std::chrono::steady_clock::now();
        const Request& request = parser.get();
        const std::string request_id = request_id_of(request);
        std::size_t route = Router::kNoRoute;
        Response response = co_await router.dispatch(request, request_id, &route);
        auto took = std::chrono::steady_clock::now() - started;
        response.set(kRequestIdHeader, request_id);
        if (observer) observer->answered(route, response.result_int(), took);
        {
            RequestLogScope log_scope(request_id);
            spdlog::info("{} {} {} {:.3f}ms", std::string(request.method_string()), std::string(request.target()),
                         response.result_int(), std::chrono::duration<double, std::milli>(took).count());
        }

        stream.expires_after(options.request_timeout);
        bool keep_alive = response.keep_alive();
        auto [write_error, written] = co_await beast_http::async_write(stream, response, kNoThrow);
        if (write_error || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace dms::http
