#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "http/request_observer.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"

namespace dms::http {

// Serves one connection: reads requests one after another (keep-alive), each within the request
// timeout, answers each through the router with its X-Request-Id, logs one line per request and tells
// `observer` (when not null). Runs on its own strand.
Awaitable<void> serve_session(boost::asio::ip::tcp::socket socket, const Router& router, const ServerOptions& options,
                              RequestObserver* observer);

}  // namespace dms::http
