#pragma once

#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "http/request_observer.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"

namespace dms::http {

// Serves one connection: reads requests one after another (keep-alive), each within the request
// timeout, answers each through the router with its X-Request-Id, logs one line per request and tells
// `observer` (when not null). With `tls` it first completes a TLS handshake within the request timeout and
// speaks only TLS; without, plain HTTP. Runs on the one thread of its socket's io_context.
Awaitable<void> serve_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<boost::asio::ssl::context> tls,
                              const Router& router, const ServerOptions& options, RequestObserver* observer);

// One connection over the cap: a 503 it can read (over TLS when `tls` is set), then the close.
Awaitable<void> refuse_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<boost::asio::ssl::context> tls,
                               const ServerOptions& options);

}  // namespace dms::http
