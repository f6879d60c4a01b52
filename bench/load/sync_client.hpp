#pragma once

#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/verb.hpp>

#include "host_address.hpp"
#include "http_connection.hpp"

namespace dms::load {

// A blocking client for the driver's own control requests (readiness, stats, parking a task): one
// keep-alive connection, the same code as the load path, run to completion on a private io_context.
class SyncClient {
 public:
    // `token` (when not empty) goes out as X-Operator-Token on every request.
    SyncClient(const HostAddress& address, const std::string& token = "");

    // Throws boost::system::system_error when the host cannot be reached.
    Reply request(boost::beast::http::verb verb, const std::string& target, const std::string& body = "");
    Reply get(const std::string& target) { return request(boost::beast::http::verb::get, target); }

 private:
    boost::asio::io_context io_;
    HttpConnection connection_;
};

}  // namespace dms::load
