#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dms::util {

// Compares two secrets in time that depends on neither their contents nor their lengths: both are
// hashed with SHA-256 and the digests compared with CRYPTO_memcmp.
bool secrets_equal(std::string_view a, std::string_view b);

// `bytes` bytes from OpenSSL's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t bytes);

}  // namespace dms::util
