#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "http/responses.hpp"
#include "http/session.hpp"

namespace dms::http {

namespace asio = boost::asio;

namespace {

// One connection over the cap: a 503 it can read, then the close.
Awaitable<void> refuse_connection(asio::ip::tcp::socket socket) {
    Response response = unparsed_error_response(
        Status::service_unavailable, "too_many_connections",
        "the host has as many connections open as DMS_MAX_CONNECTIONS allows; retry shortly");
    response.set(boost::beast::http::field::retry_after, "1");
    response.keep_alive(false);
    response.prepare_payload();
    // Small enough for the socket's send buffer: the write never waits on a client that does not read.
    co_await boost::beast::http::async_write(socket, response, asio::as_tuple(asio::use_awaitable));
    boost::system::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

}  // namespace

Server::Server(const Router& router, ServerOptions options, RequestObserver* observer)
    : router_(router),
      options_(std::move(options)),
      observer_(observer),
      io_context_(static_cast<int>(options_.threads)),
      acceptor_(io_context_) {}

Server::~Server() { stop(); }

std::uint16_t Server::listen() {
    asio::ip::tcp::endpoint endpoint{asio::ip::make_address(options_.host), options_.port};
    try {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(asio::socket_base::max_listen_connections);
    } catch (const boost::system::system_error& error) {  // what Asio throws; not a std::system_error
        throw std::system_error(error.code(), "cannot listen on " + options_.host + ":" + std::to_string(options_.port));
    }
    port_ = acceptor_.local_endpoint().port();
    return port_;
}

void Server::run() {
    asio::co_spawn(io_context_, accept_loop(), asio::detached);
    for (unsigned i = 0; i < std::max(1u, options_.threads); ++i) {
        threads_.emplace_back([this] { io_context_.run(); });
    }
}

Awaitable<void> Server::accept_loop() {
    for (;;) {
        // Each connection gets its own strand, so a session's handlers never run concurrently.
        auto [error, socket] = co_await acceptor_.async_accept(asio::make_strand(io_context_),
                                                               asio::as_tuple(asio::use_awaitable));
        if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (error) {
            spdlog::warn("accept failed: {}", error.message());
            continue;
        }
        socket.set_option(asio::ip::tcp::no_delay(true));
        auto executor = socket.get_executor();
        if (open_connections_.load() >= options_.max_connections) {
            asio::co_spawn(executor, refuse_connection(std::move(socket)), asio::detached);
            continue;
        }
        ++open_connections_;
        asio::co_spawn(executor, serve_counted(std::move(socket)), asio::detached);
    }
}

Awaitable<void> Server::serve_counted(asio::ip::tcp::socket socket) {
    // Counted down however the session ends, an exception included.
    struct Slot {
        std::atomic<std::size_t>& open;
        ~Slot() { --open; }
    } slot{open_connections_};
    co_await serve_session(std::move(socket), router_, options_, observer_);
}

void Server::stop_accepting() {
    asio::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
}

void Server::stop() {
    io_context_.stop();
    for (std::thread& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
}

}  // namespace dms::http
