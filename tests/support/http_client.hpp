#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

namespace dms::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTP answer as a test looks at it.
struct Response {
    unsigned status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;

    // The body parsed as JSON; fails the calling test (throws) when it is not JSON.
    nlohmann::json json() const;

    // A header's value, or empty; `name` in any case.
    std::string header(std::string_view name) const;

    // error.code of an error answer, or empty when the body is not the error model.
    std::string error_code() const;

    // "<status> <body>", for assertion messages.
    std::string describe() const;
};

// A small synchronous HTTP/1.1 client for loopback, keeping its connection alive between requests and
// reconnecting when the server closed it. Every read and write has a timeout, so a hung server fails a test
// instead of hanging it.
class HttpClient {
 public:
    explicit HttpClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~HttpClient();
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;

    Response request(boost::beast::http::verb verb, std::string_view target, std::string_view body = "",
                     const Headers& headers = {});

    Response get(std::string_view target, const Headers& headers = {});
    Response post(std::string_view target, std::string_view body = "", const Headers& headers = {});
    Response put(std::string_view target, std::string_view body = "", const Headers& headers = {});
    Response del(std::string_view target, const Headers& headers = {});

    std::uint16_t port() const { return port_; }

    // How many TCP connections this client has opened: 1 as long as keep-alive held.
    int connections_opened() const;

 private:
    struct Connection;
    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    std::unique_ptr<Connection> connection_;
};

// A plain TCP connection for sending bytes no HTTP library would send (malformed or partial requests).
class RawConnection {
 public:
    explicit RawConnection(std::uint16_t port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void send(std::string_view bytes);

    // What the server has sent once it contains `marker`, or when it closed or `timeout` passed.
    std::string read_until(std::string_view marker, std::chrono::milliseconds timeout);

    // Everything the server sends until it closes the connection or `timeout` passes.
    std::string read_until_closed(std::chrono::milliseconds timeout);

    // True when the server has closed the connection (a read sees end of stream) within `timeout`.
    bool closed_by_peer_within(std::chrono::milliseconds timeout, std::string* received = nullptr);

 private:
    // Reads into `received` until it holds `marker` (when not empty; returns false), the peer closes (true)
    // or `timeout` passes (false).
    bool read_until_marker_or_close(std::chrono::milliseconds timeout, std::string* received, std::string_view marker);

    int fd_ = -1;
};

// Sends `bytes` on a fresh connection and returns all the server answered before closing (or the timeout).
std::string raw_exchange(std::uint16_t port, std::string_view bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

// The status code in the first line of a raw HTTP answer, or 0 when there is none.
unsigned raw_status(std::string_view answer);

// The body of a raw HTTP answer (after the blank line).
std::string raw_body(std::string_view answer);

// Percent-encodes a query value or path segment.
std::string url_encode(std::string_view text);

}  // namespace dms::test
