#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace dms::test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

void set_socket_timeouts(int fd, std::chrono::milliseconds timeout) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

}  // namespace

nlohmann::json Response::json() const {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded()) throw std::runtime_error("response body is not JSON: " + describe());
    return parsed;
}

std::string Response::header(std::string_view name) const {
    auto found = headers.find(lower(name));
    return found == headers.end() ? std::string() : found->second;
}

std::string Response::error_code() const {
    auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("error") || !parsed["error"].is_object()) return {};
    const auto& error = parsed["error"];
    if (!error.contains("code") || !error["code"].is_string() || !error.contains("message") ||
        !error["message"].is_string()) {
        return {};
    }
    return error["code"].get<std::string>();
}

std::string Response::describe() const { return std::to_string(status) + " " + body; }

struct HttpClient::Connection {
    asio::io_context io;
    asio::ip::tcp::socket socket{io};
    boost::beast::flat_buffer buffer;
    int opened = 0;
};

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout), connection_(std::make_unique<Connection>()) {}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

int HttpClient::connections_opened() const { return connection_->opened; }

Response HttpClient::request(http::verb verb, std::string_view target, std::string_view body, const Headers& headers) {
    http::request<http::string_body> request{verb, std::string(target), 11};
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    request.keep_alive(true);
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = std::string(body);
    if (!body.empty() || verb == http::verb::post || verb == http::verb::put) request.prepare_payload();

    Connection& c = *connection_;
    for (int attempt = 0;; ++attempt) {
        bool fresh = false;
        boost::system::error_code error;
        if (!c.socket.is_open()) {
            c.buffer.clear();
            c.socket.connect({asio::ip::make_address("127.0.0.1"), port_}, error);
            if (error)
                throw std::runtime_error("cannot connect to port " + std::to_string(port_) + ": " + error.message());
            set_socket_timeouts(c.socket.native_handle(), timeout_);
            ++c.opened;
            fresh = true;
        }
        http::write(c.socket, request, error);
        http::response_parser<http::string_body> parser;
        parser.body_limit(boost::none);
        if (!error) http::read(c.socket, c.buffer, parser, error);
        if (error) {
            boost::system::error_code ignored;
            c.socket.close(ignored);
            // A kept-alive connection the server had already closed: try once more on a new one.
            bool stale = !fresh && !parser.got_some() && attempt == 0;
            if (stale) continue;
            throw std::runtime_error(std::string(http::to_string(verb)) + " " + std::string(target) +
                                     " failed: " + error.message());
        }
        auto message = parser.release();
        Response response;
        response.status = message.result_int();
        for (const auto& field : message) response.headers[lower(field.name_string())] = std::string(field.value());
        response.body = std::move(message.body());
        if (!message.keep_alive()) {
            boost::system::error_code ignored;
            c.socket.close(ignored);
        }
        return response;
    }
}

Response HttpClient::get(std::string_view target, const Headers& headers) {
    return request(http::verb::get, target, "", headers);
}
Response HttpClient::post(std::string_view target, std::string_view body, const Headers& headers) {
    return request(http::verb::post, target, body, headers);
}
Response HttpClient::put(std::string_view target, std::string_view body, const Headers& headers) {
    return request(http::verb::put, target, body, headers);
}
Response HttpClient::del(std::string_view target, const Headers& headers) {
    return request(http::verb::delete_, target, "", headers);
}

RawConnection::RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        std::string why = std::strerror(errno);
        ::close(fd_);
        throw std::runtime_error("cannot connect to port " + std::to_string(port) + ": " + why);
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

void RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("send: ") + std::strerror(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

bool RawConnection::closed_by_peer_within(std::chrono::milliseconds timeout, std::string* received) {
    return read_until_marker_or_close(timeout, received, {});
}

bool RawConnection::read_until_marker_or_close(std::chrono::milliseconds timeout, std::string* received,
                                               std::string_view marker) {
    auto deadline = Clock::now() + timeout;
    char chunk[4096];
    for (;;) {
        if (!marker.empty() && received && received->find(marker) != std::string::npos) return false;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd waiting{fd_, POLLIN, 0};
        int ready = ::poll(&waiting, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
        if (n == 0) return true;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return true;  // reset by the peer: closed too
        }
        if (received) received->append(chunk, static_cast<std::size_t>(n));
    }
}

std::string RawConnection::read_until(std::string_view marker, std::chrono::milliseconds timeout) {
    std::string received;
    read_until_marker_or_close(timeout, &received, marker);
    return received;
}

std::string RawConnection::read_until_closed(std::chrono::milliseconds timeout) {
    std::string received;
    closed_by_peer_within(timeout, &received);
    return received;
}

std::string raw_exchange(std::uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
    RawConnection connection(port);
    connection.send(bytes);
    return connection.read_until_closed(timeout);
}

unsigned raw_status(std::string_view answer) {
    // "HTTP/1.1 400 Bad Request"
    if (answer.substr(0, 5) != "HTTP/") return 0;
    auto space = answer.find(' ');
    if (space == std::string_view::npos || answer.size() < space + 4) return 0;
    unsigned status = 0;
    for (char c : answer.substr(space + 1, 3)) {
        if (c < '0' || c > '9') return 0;
        status = status * 10 + static_cast<unsigned>(c - '0');
    }
    return status;
}

std::string raw_body(std::string_view answer) {
    auto end = answer.find("\r\n\r\n");
    return end == std::string_view::npos ? std::string() : std::string(answer.substr(end + 4));
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace dms::test
