#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "http/router.hpp"
#include "http/server_options.hpp"

namespace dms::http {

// Serves one connection: reads requests one after another (keep-alive), each within the request
// timeout, answers each through the router, and logs one line per request. Runs on its own strand.
Awaitable<void> serve_session(boost::asio::ip::tcp::socket socket, const Router& router, const ServerOptions& options);

}  // namespace dms::http
