#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dms::auth {

// A key as its holder sends it in x-api-key: "dms_<id>_<secret>", 16 hex digits of id (looked up) and 64 of
// secret (compared by hash). Only the secret's hash is ever stored.
struct PresentedKey {
    std::string key_id;
    std::string secret;
};

// A fresh key from OpenSSL's CSPRNG: its id, secret and the whole text, shown once.
struct GeneratedKey {
    std::string key_id;
    std::string secret;
    std::string text;
};

GeneratedKey generate_api_key();

// Nothing when `text` is not of the form above.
std::optional<PresentedKey> parse_api_key(std::string_view text);

// SHA-256 of the secret, lower-case hex, as stored.
std::string hash_secret(std::string_view secret);

// Whether `secret` hashes to `stored_hash`, compared with CRYPTO_memcmp so the time says nothing of where they differ.
bool secret_matches(std::string_view secret, std::string_view stored_hash);

// A key id as the admin routes take it: 16 lower-case hex digits.
bool is_key_id(std::string_view text);

}  // namespace dms::auth
