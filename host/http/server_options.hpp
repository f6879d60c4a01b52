#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace dms::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    unsigned threads = 1;
    std::chrono::milliseconds request_timeout{10000};  // to send a whole request, or to stay idle between
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_connections = 10000;  // beyond: 503 and close, so clients cannot exhaust the host's descriptors
    // Both set: HTTPS only, with this PEM certificate (chain) and private key; both empty: plain HTTP.
    std::filesystem::path tls_certificate_file{};
    std::filesystem::path tls_key_file{};
};

}  // namespace dms::http
