#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "http/session.hpp"

namespace dms::http {

namespace asio = boost::asio;

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
        asio::co_spawn(executor, serve_session(std::move(socket), router_, options_, observer_), asio::detached);
    }
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
