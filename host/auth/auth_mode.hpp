#pragma once

#include <optional>
#include <string_view>

namespace dms::auth {

// DMS_AUTH_MODE: none (no keys; only the operator token guards the admin routes) or api-key (every user route
// needs a key, which decides who the caller is).
enum class AuthMode { none, api_key };

inline std::optional<AuthMode> parse_auth_mode(std::string_view text) {
    if (text == "none") return AuthMode::none;
    if (text == "api-key") return AuthMode::api_key;
    return std::nullopt;
}

}  // namespace dms::auth
