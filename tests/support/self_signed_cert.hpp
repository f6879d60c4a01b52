#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dms::test {

// A private key and a certificate signed by it, made with OpenSSL at run time so that no key lives in the tree.
struct SelfSignedCert {
    std::string common_name;
    long serial = 0;
    std::string certificate_pem;
    std::string key_pem;

    // Writes the certificate and the key to these files, each replaced whole (written aside, then renamed).
    void write(const std::filesystem::path& certificate_file, const std::filesystem::path& key_file) const;
};

// An EC P-256 key and a certificate for 127.0.0.1 and localhost (subjectAltName) with this subject common name
// and serial number, valid from an hour ago for a day. Throws std::runtime_error when OpenSSL fails.
SelfSignedCert make_self_signed_cert(std::string_view common_name, long serial);

// Writes `text` to `path` through a temporary file and a rename, so a reader never sees half of it.
void replace_file(const std::filesystem::path& path, std::string_view text);

}  // namespace dms::test
