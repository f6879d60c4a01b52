#include "util/secrets.hpp"

#include <array>
#include <iterator>
#include <stdexcept>
#include <vector>

#include <boost/algorithm/hex.hpp>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace dms::util {
namespace {

std::array<unsigned char, SHA256_DIGEST_LENGTH> sha256(std::string_view text) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
    return digest;
}

}  // namespace

bool secrets_equal(std::string_view a, std::string_view b) {
    auto digest_a = sha256(a);
    auto digest_b = sha256(b);
    return CRYPTO_memcmp(digest_a.data(), digest_b.data(), digest_a.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed");
    }
    std::string text;
    boost::algorithm::hex_lower(buffer.begin(), buffer.end(), std::back_inserter(text));
    return text;
}

}  // namespace dms::util
