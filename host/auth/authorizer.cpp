#include "auth/authorizer.hpp"

#include <algorithm>

#include "auth/auth_error.hpp"

namespace dms::auth {
namespace {

AuthError not_found() { return AuthError(AuthError::Kind::not_found, "no such task or user for this API key"); }

}  // namespace

void Authorizer::require(const Caller& caller, Permission permission) {
    if (caller.kind != Caller::Kind::key || caller.is_operator() || caller.has(permission)) return;
    throw AuthError(AuthError::Kind::forbidden,
                    "the API key lacks the '" + std::string(permission_name(permission)) + "' permission");
}

std::string Authorizer::acting_user(const Caller& caller, Permission permission, const std::string& service,
                                    const std::optional<std::string>& named_user) const {
    require(caller, permission);
    return user_of_key(caller, service, named_user, false);
}

std::string Authorizer::submitting_user(const Caller& caller, const std::string& service,
                                        const std::optional<std::string>& named_user) const {
    require(caller, Permission::submit);
    return user_of_key(caller, service, named_user, true);
}

std::string Authorizer::user_of_key(const Caller& caller, const std::string& service,
                                    const std::optional<std::string>& named_user, bool bind) const {
    if (caller.kind != Caller::Kind::key || caller.is_operator() || !caller.service.empty()) {
        if (!named_user || named_user->empty()) {
            throw AuthError(AuthError::Kind::bad_request, "the query parameter user_id is required");
        }
    }
    if (caller.kind != Caller::Kind::key || caller.is_operator()) return *named_user;
    if (caller.service.empty()) {
        if (named_user && !named_user->empty() && *named_user != caller.user_id) throw not_found();
        return caller.user_id;
    }
    if (service != caller.service) throw not_found();
    std::optional<std::string> tenant =
        bind ? store_.bind_user(*named_user, caller.tenant) : store_.tenant_of(*named_user);
    if (tenant != caller.tenant) throw not_found();
    return *named_user;
}

std::vector<std::string> Authorizer::visible_users(const Caller& caller, const std::string& service,
                                                   std::vector<std::string> users) const {
    require(caller, Permission::read);
    if (caller.kind != Caller::Kind::key || caller.is_operator()) return users;
    if (caller.service.empty()) {
        std::erase_if(users, [&](const std::string& user) { return user != caller.user_id; });
    } else if (service != caller.service) {
        users.clear();
    } else {
        std::erase_if(users, [&](const std::string& user) { return store_.tenant_of(user) != caller.tenant; });
    }
    return users;
}

}  // namespace dms::auth
