#pragma once

#include "auth/authenticator.hpp"
#include "http/router.hpp"

namespace dms::api {

// For Router::authenticate_with: reads X-Operator-Token and x-api-key and asks `authenticator` who is calling;
// its refusals become 401 or 403.
http::Router::Authenticate authenticate_requests(const auth::Authenticator& authenticator);

}  // namespace dms::api
