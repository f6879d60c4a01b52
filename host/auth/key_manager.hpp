#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/audit_trail.hpp"
#include "auth/caller.hpp"
#include "store/access_store.hpp"

namespace dms::auth {

// An operator's request for a new key: a tenant and either a user or a service, permissions, an optional expiry.
struct KeyRequest {
    std::string tenant;
    std::string user_id;
    std::string service;
    std::vector<std::string> permissions;
    std::optional<task::Timestamp> expires_at;
};

// A new key: its record and, this once, the key itself.
struct CreatedKey {
    store::ApiKeyRecord record;
    std::string key;
};

// Creates, lists and revokes API keys, checking every request and auditing every change. Throws AuthError
// bad_request (a bad name, permission or expiry), not_found or conflict; nothing changes then.
class KeyManager {
 public:
    KeyManager(store::AccessStore& store, AuditTrail& audit) : store_(store), audit_(audit) {}

    CreatedKey create(const KeyRequest& request, const Caller& who, std::string_view address);
    std::vector<store::ApiKeyRecord> list(const std::optional<std::string>& tenant);
    store::ApiKeyRecord get(const std::string& key_id);
    // Revoked keys stay listed, with their revocation time; revoking one twice is a conflict.
    store::ApiKeyRecord revoke(const std::string& key_id, const Caller& who, std::string_view address);

    // Tenants, users and services: 1 to 128 of [A-Za-z0-9._@+-], the task service's rule.
    static bool valid_name(const std::string& name);

 private:
    store::AccessStore& store_;
    AuditTrail& audit_;
};

}  // namespace dms::auth
