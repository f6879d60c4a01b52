#include "http/tls_certificate.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <boost/asio/ssl/error.hpp>

namespace dms::http {
namespace {

namespace ssl = boost::asio::ssl;

// The whole file; throws std::invalid_argument with the system's reason when it cannot be read.
std::string read_pem(const std::filesystem::path& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::invalid_argument(std::string("cannot read the ") + what + " file '" + path.string() +
                                    "': " + std::strerror(errno));
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// OpenSSL's reason for a failed call, e.g. "no start line" for a file that is not PEM.
std::string reason(const boost::system::system_error& error) { return error.code().message(); }

// The error for a key that is not the certificate's.
std::invalid_argument mismatch(const std::filesystem::path& certificate_file, const std::filesystem::path& key_file) {
    return std::invalid_argument("the private key in '" + key_file.string() + "' does not match the certificate in '" +
                                 certificate_file.string() + "'");
}

// OpenSSL 3 refuses a key of the certificate's type that is not its key when it is loaded.
bool is_mismatch(const boost::system::system_error& error) {
    auto code = static_cast<unsigned long>(error.code().value());
    return error.code().category() == boost::asio::error::get_ssl_category() && ERR_GET_LIB(code) == ERR_LIB_X509 &&
           ERR_GET_REASON(code) == X509_R_KEY_VALUES_MISMATCH;
}

// TLS 1.2 and 1.3 only, no compression (CRIME), no renegotiation, and the server's cipher order rather than
// the client's.
void harden(ssl::context& context) {
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                        ssl::context::single_dh_use);
    SSL_CTX* native = context.native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
}

}  // namespace

TlsCertificate::TlsCertificate(std::filesystem::path certificate_file, std::filesystem::path key_file)
    : certificate_file_(std::move(certificate_file)),
      key_file_(std::move(key_file)),
      current_(load(certificate_file_, key_file_)) {}

std::shared_ptr<ssl::context> TlsCertificate::load(const std::filesystem::path& certificate_file,
                                                   const std::filesystem::path& key_file) {
    const std::string chain = read_pem(certificate_file, "certificate");
    const std::string key = read_pem(key_file, "key");
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    harden(*context);
    // Without a callback OpenSSL would ask for an encrypted key's passphrase on the terminal.
    context->set_password_callback([](std::size_t, ssl::context::password_purpose) { return std::string(); });
    try {
        context->use_certificate_chain(boost::asio::buffer(chain));
    } catch (const boost::system::system_error& error) {
        throw std::invalid_argument("the certificate file '" + certificate_file.string() +
                                    "' holds no PEM certificate (-----BEGIN CERTIFICATE-----): " + reason(error));
    }
    try {
        context->use_private_key(boost::asio::buffer(key), ssl::context::pem);
    } catch (const boost::system::system_error& error) {
        if (is_mismatch(error)) throw mismatch(certificate_file, key_file);
        throw std::invalid_argument("the key file '" + key_file.string() +
                                    "' holds no unencrypted PEM private key: " + reason(error));
    }
    if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
        ERR_clear_error();
        throw mismatch(certificate_file, key_file);  // e.g. an EC key for an RSA certificate
    }
    return context;
}

void TlsCertificate::reload() { current_.store(load(certificate_file_, key_file_)); }

}  // namespace dms::http
