#include "http/session.hpp"

#include <chrono>
#include <optional>
#include <utility>

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
#include <boost/beast/ssl/ssl_stream.hpp>
#include <spdlog/spdlog.h>

#include "http/request_id.hpp"
#include "http/request_log_scope.hpp"
#include "http/responses.hpp"

namespace dms::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
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

// Requests one after another until the client closes, times out, sends what cannot be read or asks to close;
// the same over a plain and a TLS stream.
template <class Stream>
Awaitable<void> serve_requests(Stream& stream, const Router& router, const ServerOptions& options,
                               RequestObserver* observer) {
    beast::flat_buffer buffer;
    beast::error_code endpoint_error;
    // The client's address, for the audit trail: empty when the socket no longer knows it.
    auto endpoint = beast::get_lowest_layer(stream).socket().remote_endpoint(endpoint_error);
    const std::string remote_address = endpoint_error ? std::string() : endpoint.address().to_string();
    for (;;) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        parser.body_limit(options.max_body_bytes);
        beast::get_lowest_layer(stream).expires_after(options.request_timeout);

        auto [header_error, header_bytes] = co_await beast_http::async_read_header(stream, buffer, parser, kNoThrow);
        beast::error_code read_error = header_error;
        if (!read_error) {
            // curl and others wait for this before sending a body larger than 1 KiB.
            if (parser.get()[beast_http::field::expect] == "100-continue") {
                beast_http::response<beast_http::empty_body> go_on{Status::continue_, parser.get().version()};
                co_await beast_http::async_write(stream, go_on, kNoThrow);
            }
            // A request without a body is whole with its headers; another read would only cost a round through
            // the scheduler.
            if (!parser.is_done()) {
                auto [body_error, body_bytes] = co_await beast_http::async_read(stream, buffer, parser, kNoThrow);
                read_error = body_error;
            }
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
        Response response = co_await router.dispatch(request, request_id, &route, remote_address);
        auto took = std::chrono::steady_clock::now() - started;
        response.set(kRequestIdHeader, request_id);
        if (observer) observer->answered(route, response.result_int(), took);
        // Checked first: the line's arguments cost more than a request's routing when nobody reads them.
        if (spdlog::should_log(spdlog::level::info)) {
            RequestLogScope log_scope(request_id);
            spdlog::info("{} {} {} {:.3f}ms", std::string_view(request.method_string()),
                         std::string_view(request.target()), response.result_int(),
                         std::chrono::duration<double, std::milli>(took).count());
        }

        beast::get_lowest_layer(stream).expires_after(options.request_timeout);
        bool keep_alive = response.keep_alive();
        auto [write_error, written] = co_await beast_http::async_write(stream, response, kNoThrow);
        if (write_error || !keep_alive) break;
    }
}

// The answer for a connection over the cap.
template <class Stream>
Awaitable<void> write_refusal(Stream& stream, const ServerOptions& options) {
    Response response = unparsed_error_response(
        Status::service_unavailable, "too_many_connections",
        "the host has as many connections open as DMS_MAX_CONNECTIONS allows; retry shortly");
    response.set(beast_http::field::retry_after, "1");
    response.keep_alive(false);
    response.prepare_payload();
    // Small enough for the socket's send buffer: a plain write never waits on a client that does not read.
    beast::get_lowest_layer(stream).expires_after(options.request_timeout);
    co_await beast_http::async_write(stream, response, kNoThrow);
}

// Completes the server's side of the TLS handshake within the request timeout, so a client that sends nothing
// cannot hold the connection. False when the client does not speak TLS 1.2 or newer, is silent, or goes away.
Awaitable<bool> handshake(TlsStream& stream, const ServerOptions& options) {
    beast::get_lowest_layer(stream).expires_after(options.request_timeout);
    auto [error] = co_await stream.async_handshake(ssl::stream_base::server, kNoThrow);
    if (error) {
        spdlog::debug("TLS handshake failed: {}", error.message());
        beast::get_lowest_layer(stream).close();
    }
    co_return !error;
}

// Ends a plain connection: our FIN now; the socket closes when the stream goes.
Awaitable<void> close_stream(beast::tcp_stream& stream, const ServerOptions&) {
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    co_return;
}

// Ends a TLS connection with close_notify, waiting for the client's at most the request timeout (at once when a
// timeout already closed the socket).
Awaitable<void> close_stream(TlsStream& stream, const ServerOptions& options) {
    beast::get_lowest_layer(stream).expires_after(options.request_timeout);
    co_await stream.async_shutdown(kNoThrow);
    beast::get_lowest_layer(stream).close();
}

// Runs `exchange(stream)` on the connection, over TLS after the handshake when `tls` is set, then closes it.
// `tls` stays alive with the connection, so a reloaded certificate does not touch it.
template <class Exchange>
Awaitable<void> over_connection(asio::ip::tcp::socket socket, std::shared_ptr<ssl::context> tls,
                                const ServerOptions& options, Exchange exchange) {
    if (!tls) {
        beast::tcp_stream stream(std::move(socket));
        co_await exchange(stream);
        co_await close_stream(stream, options);
        co_return;
    }
    TlsStream stream(std::move(socket), *tls);
    if (!co_await handshake(stream, options)) co_return;
    co_await exchange(stream);
    co_await close_stream(stream, options);
}

}  // namespace

Awaitable<void> serve_session(asio::ip::tcp::socket socket, std::shared_ptr<ssl::context> tls, const Router& router,
                              const ServerOptions& options, RequestObserver* observer) {
    co_await over_connection(std::move(socket), std::move(tls), options, [&router, &options, observer](auto& stream) {
        return serve_requests(stream, router, options, observer);
    });
}

Awaitable<void> refuse_session(asio::ip::tcp::socket socket, std::shared_ptr<ssl::context> tls,
                               const ServerOptions& options) {
    co_await over_connection(std::move(socket), std::move(tls), options,
                             [&options](auto& stream) { return write_refusal(stream, options); });
}

}  // namespace dms::http
