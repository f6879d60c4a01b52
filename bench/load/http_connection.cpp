#include "http_connection.hpp"

#include <chrono>

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace dms::load {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
constexpr auto kTimeout = std::chrono::seconds(30);

}  // namespace

HttpConnection::HttpConnection(asio::any_io_executor executor, asio::ip::tcp::endpoint endpoint)
    : stream_(std::move(executor)),
      endpoint_(std::move(endpoint)),
      host_header_(endpoint_.address().to_string() + ":" + std::to_string(endpoint_.port())) {}

asio::awaitable<void> HttpConnection::ensure_connected() {
    if (open_) co_return;
    beast::error_code ignored;
    stream_.socket().close(ignored);
    buffer_.clear();
    stream_.expires_after(kTimeout);
    co_await stream_.async_connect(endpoint_, asio::use_awaitable);
    stream_.socket().set_option(asio::ip::tcp::no_delay(true));
    open_ = true;
    ++connects_;
}

asio::awaitable<Reply> HttpConnection::exchange(http::verb verb, const std::string& target, const std::string& body) {
    co_await ensure_connected();
    http::request<http::string_body> request{verb, target, 11};
    request.set(http::field::host, host_header_);
    request.keep_alive(true);
    for (const auto& [name, value] : headers_) request.set(name, value);
    if (!body.empty()) {
        request.set(http::field::content_type, "application/json");
        request.body() = body;
    }
    request.prepare_payload();
    stream_.expires_after(kTimeout);
    co_await http::async_write(stream_, request, asio::use_awaitable);
    http::response<http::string_body> response;
    co_await http::async_read(stream_, buffer_, response, asio::use_awaitable);
    Reply reply{response.result_int(), std::move(response.body()), {}};
    if (auto location = response.find(http::field::location); location != response.end()) {
        reply.location = std::string(location->value());
    }
    if (!response.keep_alive()) open_ = false;
    co_return reply;
}

asio::awaitable<Reply> HttpConnection::request(http::verb verb, const std::string& target, const std::string& body) {
    // No retry: a repeated POST could submit twice, and the driver counts every failure instead.
    try {
        co_return co_await exchange(verb, target, body);
    } catch (const boost::system::system_error&) {
        open_ = false;
        throw;
    }
}

}  // namespace dms::load
