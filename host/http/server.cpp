#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "http/session.hpp"
#include "util/thread_name.hpp"

namespace dms::http {

namespace asio = boost::asio;

namespace {

std::vector<std::unique_ptr<asio::io_context>> make_contexts(unsigned threads) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    // Hint 1: each is run by one thread, so Asio need not wake another to share its work.
    for (unsigned i = 0; i < std::max(1u, threads); ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
}

}  // namespace

Server::Server(const Router& router, ServerOptions options, RequestObserver* observer)
    : router_(router),
      options_(std::move(options)),
      observer_(observer),
      contexts_(make_contexts(options_.threads)),
      acceptor_(*contexts_.front()) {
    if (!options_.tls_certificate_file.empty() || !options_.tls_key_file.empty()) {
        tls_ = std::make_unique<TlsCertificate>(options_.tls_certificate_file, options_.tls_key_file);
    }
}

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
    asio::co_spawn(*contexts_.front(), accept_loop(), asio::detached);
    for (auto& context : contexts_) {
        keep_running_.push_back(asio::make_work_guard(*context));
        std::string name = "dms-http-" + std::to_string(threads_.size() + 1);
        threads_.emplace_back([&context, name] {
            util::name_this_thread(name);
            context->run();
        });
    }
}

asio::io_context& Server::next_context() {
    asio::io_context& context = *contexts_[next_context_];
    next_context_ = (next_context_ + 1) % contexts_.size();
    return context;
}

Awaitable<void> Server::accept_loop() {
    for (;;) {
        auto [error, socket] = co_await acceptor_.async_accept(next_context(), asio::as_tuple(asio::use_awaitable));
        if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (error) {
            spdlog::warn("accept failed: {}", error.message());
            continue;
        }
        socket.set_option(asio::ip::tcp::no_delay(true));
        auto executor = socket.get_executor();
        // Taken once per connection: a reload swaps it for the next ones only.
        std::shared_ptr<asio::ssl::context> tls = tls_ ? tls_->context() : nullptr;
        if (open_connections_.load() >= options_.max_connections) {
            asio::co_spawn(executor, refuse_session(std::move(socket), std::move(tls), options_), asio::detached);
            continue;
        }
        ++open_connections_;
        asio::co_spawn(executor, serve_counted(std::move(socket), std::move(tls)), asio::detached);
    }
}

Awaitable<void> Server::serve_counted(asio::ip::tcp::socket socket, std::shared_ptr<asio::ssl::context> tls) {
    // Counted down however the session ends, an exception included.
    struct Slot {
        std::atomic<std::size_t>& open;
        ~Slot() { --open; }
    } slot{open_connections_};
    co_await serve_session(std::move(socket), std::move(tls), router_, options_, observer_);
}

bool Server::reload_certificate() {
    if (!tls_) {
        spdlog::info("no TLS certificate to reload: the server speaks plain HTTP");
        return false;
    }
    try {
        tls_->reload();
    } catch (const std::exception& error) {
        spdlog::error("TLS certificate not reloaded, new connections keep the previous one: {}", error.what());
        return false;
    }
    spdlog::info("TLS certificate reloaded from {} and {}", tls_->certificate_file().string(),
                 tls_->key_file().string());
    return true;
}

void Server::stop_accepting() {
    asio::post(acceptor_.get_executor(), [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
}

void Server::stop() {
    keep_running_.clear();
    for (auto& context : contexts_) context->stop();
    for (std::thread& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
}

}  // namespace dms::http
