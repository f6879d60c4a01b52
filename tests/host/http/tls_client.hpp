#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace dms::test {

using TlsResponse = boost::beast::http::response<boost::beast::http::string_body>;

// A small HTTPS client for loopback tests: trusts only the certificates it is given, checks that the peer's
// certificate names 127.0.0.1, and bounds every step by a timeout so a hung server fails the test.
class TlsClient {
 public:
    // `only_version` (e.g. TLS1_1_VERSION): offer that protocol version alone, at OpenSSL security level 0, so
    // that a refusal comes from the server rather than from this client's own defaults.
    TlsClient(std::uint16_t port, const std::vector<std::string>& trusted_pems, int only_version = 0,
              std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // Connects and completes the handshake; the error when either fails.
    boost::system::error_code connect();

    // One GET on the open connection (kept alive); throws std::runtime_error when it fails.
    TlsResponse get(std::string_view target, const std::vector<std::pair<std::string, std::string>>& headers = {});

    // Reads one answer without having sent a request (a connection the server refuses).
    TlsResponse read_response();

    // The serial number and subject common name of the certificate the server presented.
    long peer_serial() const;
    std::string peer_common_name() const;

 private:
    using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

    // Runs the operation `start` begins until it completes (its timeout included) and returns its error.
    template <class Start>
    boost::system::error_code run(Start start);

    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    boost::asio::io_context io_context_;
    boost::asio::ssl::context context_;
    std::optional<Stream> stream_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace dms::test
