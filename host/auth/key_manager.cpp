#include "auth/key_manager.hpp"

#include <algorithm>
#include <cctype>

#include "auth/api_key_format.hpp"
#include "auth/auth_error.hpp"
#include "auth/permission.hpp"

namespace dms::auth {
namespace {

AuthError bad_request(const std::string& message) { return AuthError(AuthError::Kind::bad_request, message); }

void require_name(std::string_view what, const std::string& name) {
    if (!KeyManager::valid_name(name)) {
        throw bad_request(std::string(what) + " '" + name.substr(0, 128) +
                          "' is not valid: use 1 to 128 of A-Z a-z 0-9 . _ @ + -");
    }
}

// The request's permissions, known and without repeats, in the enum's order.
std::vector<std::string> checked_permissions(const std::vector<std::string>& names) {
    if (names.empty()) throw bad_request("a key needs at least one permission: submit, read, cancel, delete, admin");
    Permissions permissions;
    for (const std::string& name : names) {
        auto permission = parse_permission(name);
        if (!permission) {
            throw bad_request("unknown permission '" + name.substr(0, 64) +
                              "'; the permissions are submit, read, cancel, delete, admin");
        }
        permissions.insert(*permission);
    }
    return permission_names(permissions);
}

nlohmann::json key_summary(const store::ApiKeyRecord& key) {
    return {
        {"tenant", key.tenant}, {"user_id", key.user_id}, {"service", key.service}, {"permissions", key.permissions}};
}

}  // namespace

bool KeyManager::valid_name(const std::string& name) {
    auto allowed = [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
    };
    return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), allowed);
}

CreatedKey KeyManager::create(const KeyRequest& request, const Caller& who, std::string_view address) {
    require_name("tenant", request.tenant);
    if (request.user_id.empty() == request.service.empty()) {
        throw bad_request("a key is for a user (user_id) or a service account (service), exactly one of them");
    }
    if (!request.user_id.empty()) require_name("user_id", request.user_id);
    if (!request.service.empty()) require_name("service", request.service);
    std::vector<std::string> permissions = checked_permissions(request.permissions);
    auto now = task::now();
    if (request.expires_at && *request.expires_at <= now) throw bad_request("expires_at must be in the future");
    if (!request.user_id.empty()) {
        std::string tenant = store_.bind_user(request.user_id, request.tenant);
        if (tenant != request.tenant) {
            throw AuthError(AuthError::Kind::conflict, "user '" + request.user_id + "' belongs to another tenant");
        }
    }
    GeneratedKey generated = generate_api_key();
    store::ApiKeyRecord record{generated.key_id,
                               hash_secret(generated.secret),
                               request.tenant,
                               request.user_id,
                               request.service,
                               std::move(permissions),
                               now,
                               request.expires_at,
                               std::nullopt,
                               who.describe()};
    store_.add_key(record);
    nlohmann::json details = key_summary(record);
    details["expires_at"] = record.expires_at ? nlohmann::json(record.expires_at->time_since_epoch().count()) : nullptr;
    audit_.record(who, address, "key.create", record.key_id, std::move(details));
    return CreatedKey{std::move(record), std::move(generated.text)};
}

std::vector<store::ApiKeyRecord> KeyManager::list(const std::optional<std::string>& tenant) {
    if (tenant) require_name("tenant", *tenant);
    return store_.list_keys(tenant);
}

store::ApiKeyRecord KeyManager::get(const std::string& key_id) {
    auto key = is_key_id(key_id) ? store_.find_key(key_id) : std::nullopt;
    if (!key) throw AuthError(AuthError::Kind::not_found, "no API key " + key_id.substr(0, 64));
    return *key;
}

store::ApiKeyRecord KeyManager::revoke(const std::string& key_id, const Caller& who, std::string_view address) {
    store::ApiKeyRecord before = get(key_id);
    if (before.revoked_at) throw AuthError(AuthError::Kind::conflict, "the API key " + key_id + " is already revoked");
    auto after = store_.revoke_key(key_id, task::now());
    if (!after) throw AuthError(AuthError::Kind::not_found, "no API key " + key_id);
    audit_.record(who, address, "key.revoke", key_id, key_summary(*after));
    return *after;
}

}  // namespace dms::auth
