#pragma once

#include <stdexcept>
#include <string>

namespace dms::auth {

// A refusal of authentication or authorization, in words the API layer turns into its status: unauthorized
// 401 (no valid credential), forbidden 403 (a valid key without the permission), not_found 404 (someone
// else's, told apart from nothing), bad_request 400, conflict 409.
class AuthError : public std::runtime_error {
 public:
    enum class Kind { unauthorized, forbidden, not_found, bad_request, conflict };

    AuthError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

    Kind kind() const { return kind_; }

 private:
    Kind kind_;
};

}  // namespace dms::auth
