#include "support/self_signed_cert.hpp"

#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace dms::test {
namespace {

template <class T, void (*Free)(T*)>
struct Freer {
    void operator()(T* pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Freer<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Freer<X509_EXTENSION, X509_EXTENSION_free>>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("OpenSSL failed to ") + what);
}

// What `write` puts into a memory BIO, as text.
template <class Write>
std::string pem_text(Write write) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    check(bio != nullptr && write(bio.get()) == 1, "write PEM");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

SelfSignedCert make_self_signed_cert(std::string_view common_name, long serial) {
    KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    check(key != nullptr, "make an EC P-256 key");
    CertPtr cert(X509_new());
    check(cert != nullptr, "make a certificate");
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "set the version");
    check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "set the serial");
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "set notBefore");
    check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) != nullptr, "set notAfter");
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "set the public key");
    const std::string name_text(common_name);
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(name_text.c_str()), -1, -1, 0) == 1,
          "set the common name");
    check(X509_set_issuer_name(cert.get(), name) == 1, "set the issuer");
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
    ExtensionPtr names(X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"));
    check(names != nullptr && X509_add_ext(cert.get(), names.get(), -1) == 1, "add subjectAltName");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "sign the certificate");

    SelfSignedCert made;
    made.common_name = name_text;
    made.serial = serial;
    made.certificate_pem = pem_text([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
    made.key_pem = pem_text(
        [&](BIO* bio) { return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
    return made;
}

void SelfSignedCert::write(const std::filesystem::path& certificate_file, const std::filesystem::path& key_file) const {
    replace_file(certificate_file, certificate_pem);
    replace_file(key_file, key_pem);
}

void replace_file(const std::filesystem::path& path, std::string_view text) {
    auto temporary = path;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) throw std::runtime_error("cannot write " + temporary.string());
    }
    std::filesystem::rename(temporary, path);
}

}  // namespace dms::test
