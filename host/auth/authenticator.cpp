#include "auth/authenticator.hpp"

#include "auth/api_key_format.hpp"
#include "auth/auth_error.hpp"
#include "util/secrets.hpp"
#include "util/time_parse.hpp"

namespace dms::auth {
namespace {

AuthError unauthorized(const std::string& message) { return AuthError(AuthError::Kind::unauthorized, message); }

}  // namespace

Caller Authenticator::authenticate(Need need, std::optional<std::string_view> operator_token,
                                   std::optional<std::string_view> api_key) const {
    if (need == Need::nothing) return {};
    if (need == Need::user && mode_ == AuthMode::none) return {};
    if (operator_token) return operator_from_token(*operator_token);
    // With no keys in use, only the operator token opens the admin routes.
    if (api_key && mode_ == AuthMode::api_key) {
        Caller caller = caller_from_key(*api_key);
        if (need == Need::operator_ && !caller.is_operator()) {
            throw AuthError(AuthError::Kind::forbidden, "this route is for operators; the API key lacks 'admin'");
        }
        return caller;
    }
    if (need == Need::operator_) {
        throw unauthorized(mode_ == AuthMode::api_key
                               ? "this route needs the X-Operator-Token header or an x-api-key with 'admin'"
                               : "this route needs the X-Operator-Token header");
    }
    throw unauthorized("this route needs an x-api-key header (DMS_AUTH_MODE=api-key)");
}

Caller Authenticator::authenticate_worker(std::optional<std::string_view> worker_token) const {
    if (worker_token_.empty()) throw unauthorized("no external services here (DMS_EXTERNAL_SERVICES); worker routes are closed");
    if (!worker_token) throw unauthorized("this route needs the X-Worker-Token header");
    if (!util::secrets_equal(*worker_token, worker_token_)) throw unauthorized("the worker token is wrong");
    return Caller::worker_with_token();
}

Caller Authenticator::operator_from_token(std::string_view presented) const {
    if (!util::secrets_equal(presented, operator_token_)) throw unauthorized("the operator token is wrong");
    return Caller::operator_with_token();
}

Caller Authenticator::caller_from_key(std::string_view presented) const {
    auto parsed = parse_api_key(presented);
    if (!parsed) throw unauthorized("the x-api-key header is not a DMS key (dms_<16 hex>_<64 hex>)");
    auto key = store_.find_key(parsed->key_id);
    if (!key || !secret_matches(parsed->secret, key->secret_hash)) throw unauthorized("the API key is not valid");
    if (key->revoked_at) throw unauthorized("the API key was revoked");
    if (key->expires_at && *key->expires_at <= task::now()) {
        throw unauthorized("the API key expired at " + util::format_rfc3339_utc(*key->expires_at));
    }
    return Caller{Caller::Kind::key, key->key_id,  key->tenant,
                  key->user_id,      key->service, permissions_from_names(key->permissions)};
}

}  // namespace dms::auth
