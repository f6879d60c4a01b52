#include "auth/api_key_format.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <boost/algorithm/hex.hpp>

#include "util/secrets.hpp"

namespace dms::auth {
namespace {

constexpr std::string_view kPrefix = "dms_";
constexpr std::size_t kIdBytes = 8;
constexpr std::size_t kSecretBytes = 32;

bool is_lower_hex(std::string_view text, std::size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

}  // namespace

GeneratedKey generate_api_key() {
    GeneratedKey key{util::random_hex(kIdBytes), util::random_hex(kSecretBytes), ""};
    key.text = std::string(kPrefix) + key.key_id + "_" + key.secret;
    return key;
}

std::optional<PresentedKey> parse_api_key(std::string_view text) {
    if (!text.starts_with(kPrefix)) return std::nullopt;
    text.remove_prefix(kPrefix.size());
    if (text.size() != kIdBytes * 2 + 1 + kSecretBytes * 2 || text[kIdBytes * 2] != '_') return std::nullopt;
    std::string_view id = text.substr(0, kIdBytes * 2);
    std::string_view secret = text.substr(kIdBytes * 2 + 1);
    if (!is_lower_hex(id, kIdBytes * 2) || !is_lower_hex(secret, kSecretBytes * 2)) return std::nullopt;
    return PresentedKey{std::string(id), std::string(secret)};
}

std::string hash_secret(std::string_view secret) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest.data());
    std::string hex;
    boost::algorithm::hex_lower(digest.begin(), digest.end(), std::back_inserter(hex));
    return hex;
}

bool secret_matches(std::string_view secret, std::string_view stored_hash) {
    std::string presented = hash_secret(secret);
    if (stored_hash.size() != presented.size()) return false;
    return CRYPTO_memcmp(presented.data(), stored_hash.data(), presented.size()) == 0;
}

bool is_key_id(std::string_view text) { return is_lower_hex(text, kIdBytes * 2); }

}  // namespace dms::auth
