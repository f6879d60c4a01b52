#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/request_observer.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"
#include "http/tls_certificate.hpp"

namespace dms::http {

// The HTTP/1.1 server: one acceptor and a fixed number of threads, each running an io_context of its own.
// A connection stays on the thread it was handed to, so its handlers never run concurrently without a strand,
// and no request is passed between threads (a hand-off costs a futex wake and leaves the other core idle).
// HTTPS only when the options name a certificate and key.
class Server {
public:
    // `observer`, when given, hears of every request (metrics) and must outlive the server. Throws
    // std::invalid_argument when the TLS certificate or key cannot be used.
    Server(const Router& router, ServerOptions options, RequestObserver* observer = nullptr);
    ~Server();

    // Binds and listens; throws std::system_error naming the address when it cannot. Returns the bound
    // port (useful with port 0). Connections wait in the backlog until run().
    std::uint16_t listen();

    // Starts accepting and the threads that serve.
    void run();

    std::uint16_t port() const { return port_; }

    // Closes the listening socket; open connections are still served.
    void stop_accepting();

    // Stops everything and joins the threads. Idempotent.
    void stop();

    // Connections open now.
    std::size_t open_connections() const { return open_connections_.load(); }

    // Whether the listener speaks TLS.
    bool tls() const { return tls_ != nullptr; }

    // Loads the TLS certificate and key again from their files (SIGHUP): connections accepted from now on use
    // them, open ones keep theirs. When that fails, or the server is plain, it logs why, keeps what it had and
    // returns false.
    bool reload_certificate();

private:
    Awaitable<void> accept_loop();
    Awaitable<void> serve_counted(boost::asio::ip::tcp::socket socket, std::shared_ptr<boost::asio::ssl::context> tls);

    const Router& router_;
    ServerOptions options_;
    RequestObserver* observer_;
    std::unique_ptr<TlsCertificate> tls_;  // null: plain HTTP
    using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

    // The io_context the next connection goes to, in turn.
    boost::asio::io_context& next_context();

    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;  // one per thread; the first also accepts
    std::vector<WorkGuard> keep_running_;  // a thread with no connection yet waits for one instead of returning
    std::size_t next_context_ = 0;  // touched only by the accept loop
    boost::asio::ip::tcp::acceptor acceptor_;
    std::vector<std::thread> threads_;
    std::uint16_t port_ = 0;
    std::atomic<std::size_t> open_connections_{0};
};

}  // namespace dms::http
