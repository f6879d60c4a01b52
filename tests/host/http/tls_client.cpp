#include "tls_client.hpp"

#include <memory>
#include <stdexcept>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace dms::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;

// The peer's certificate, owned.
std::unique_ptr<X509, decltype(&X509_free)> peer_certificate(SSL* ssl) {
    X509* peer = SSL_get1_peer_certificate(ssl);
    if (peer == nullptr) throw std::runtime_error("the server presented no certificate");
    return {peer, &X509_free};
}

}  // namespace

TlsClient::TlsClient(std::uint16_t port, const std::vector<std::string>& trusted_pems, int only_version,
                     std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout), context_(ssl::context::tls_client) {
    context_.set_verify_mode(ssl::verify_peer);
    for (const std::string& pem : trusted_pems) context_.add_certificate_authority(asio::buffer(pem));
    if (only_version != 0) {
        SSL_CTX* native = context_.native_handle();
        SSL_CTX_set_security_level(native, 0);
        SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0");
        SSL_CTX_set_min_proto_version(native, only_version);
        SSL_CTX_set_max_proto_version(native, only_version);
    }
}

template <class Start>
boost::system::error_code TlsClient::run(Start start) {
    boost::system::error_code result = asio::error::would_block;
    beast::get_lowest_layer(*stream_).expires_after(timeout_);
    start([&result](boost::system::error_code error, auto&&...) { result = error; });
    io_context_.restart();
    io_context_.run();
    return result;
}

boost::system::error_code TlsClient::connect() {
    // A fresh SSL object each time: it takes the context's settings when made.
    stream_.emplace(io_context_, context_);
    stream_->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    buffer_.clear();
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
    auto error = run([&](auto handler) { beast::get_lowest_layer(*stream_).async_connect(endpoint, handler); });
    if (error) return error;
    return run([&](auto handler) { stream_->async_handshake(ssl::stream_base::client, handler); });
}

TlsResponse TlsClient::get(std::string_view target, const std::vector<std::pair<std::string, std::string>>& headers) {
    if (!stream_) throw std::logic_error("not connected");
    beast::http::request<beast::http::string_body> request{beast::http::verb::get, target, 11};
    request.set(beast::http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    auto error = run([&](auto handler) { beast::http::async_write(*stream_, request, handler); });
    if (error) throw std::runtime_error("writing GET " + std::string(target) + ": " + error.message());
    return read_response();
}

TlsResponse TlsClient::read_response() {
    TlsResponse response;
    auto error = run([&](auto handler) { beast::http::async_read(*stream_, buffer_, response, handler); });
    if (error) throw std::runtime_error("reading the answer: " + error.message());
    return response;
}

long TlsClient::peer_serial() const {
    auto peer = peer_certificate(const_cast<Stream&>(*stream_).native_handle());
    return ASN1_INTEGER_get(X509_get_serialNumber(peer.get()));
}

std::string TlsClient::peer_common_name() const {
    auto peer = peer_certificate(const_cast<Stream&>(*stream_).native_handle());
    char name[256] = {};
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer.get()), NID_commonName, name, sizeof(name)) < 0) return {};
    return name;
}

}  // namespace dms::test
