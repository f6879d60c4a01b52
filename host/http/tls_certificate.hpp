#pragma once

#include <atomic>
#include <filesystem>
#include <memory>

#include <boost/asio/ssl/context.hpp>

namespace dms::http {

// The certificate and key the HTTPS listener presents. SIGHUP loads them again from the same files: each new
// connection takes the context current when it was accepted, so open connections keep the one they began with.
class TlsCertificate {
 public:
    // Loads both files; throws std::invalid_argument saying which file is unreadable or why they do not fit.
    TlsCertificate(std::filesystem::path certificate_file, std::filesystem::path key_file);

    // A server context for PEM files: TLS 1.2 or newer, no compression, the server's cipher order. Throws
    // std::invalid_argument when a file cannot be read, is not PEM, or the key does not match the certificate.
    static std::shared_ptr<boost::asio::ssl::context> load(const std::filesystem::path& certificate_file,
                                                           const std::filesystem::path& key_file);

    // The context for a connection accepted now.
    std::shared_ptr<boost::asio::ssl::context> context() const { return current_.load(); }

    // Loads the files again and uses them for new connections; throws as load() does and then keeps the
    // current context.
    void reload();

    const std::filesystem::path& certificate_file() const { return certificate_file_; }
    const std::filesystem::path& key_file() const { return key_file_; }

 private:
    std::filesystem::path certificate_file_;
    std::filesystem::path key_file_;
    std::atomic<std::shared_ptr<boost::asio::ssl::context>> current_;
};

}  // namespace dms::http
