#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>

namespace dms::load {

// What the driver keeps of an answer: the status, the body and the Location header (a submission's id).
struct Reply {
    unsigned status = 0;
    std::string body;
    std::string location;
};

// One keep-alive HTTP/1.1 connection driven by a coroutine, like a client that sends requests back to back.
// Reconnects when the server closed it (never retrying a request); every operation has a timeout so a stuck host fails
// the run.
class HttpConnection {
 public:
    HttpConnection(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint endpoint);

    // Sends one request and reads its answer. Throws boost::system::system_error on a transport error (the
    // connection is then closed and the next request reconnects; the failed one is not sent again).
    boost::asio::awaitable<Reply> request(boost::beast::http::verb verb, const std::string& target,
                                          const std::string& body);

    // A header sent with every request from now on (the operator token).
    void add_header(std::string name, std::string value) { headers_.emplace_back(std::move(name), std::move(value)); }

    int connects() const { return connects_; }

 private:
    boost::asio::awaitable<void> ensure_connected();
    boost::asio::awaitable<Reply> exchange(boost::beast::http::verb verb, const std::string& target,
                                           const std::string& body);

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    boost::asio::ip::tcp::endpoint endpoint_;
    std::string host_header_;
    std::vector<std::pair<std::string, std::string>> headers_;
    bool open_ = false;
    int connects_ = 0;
};

}  // namespace dms::load
