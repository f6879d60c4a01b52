#pragma once

#include <string>

#include "auth/permission.hpp"

namespace dms::auth {

// Who sent a request, as authentication found: nobody in particular (DMS_AUTH_MODE=none, or a public route),
// the holder of the operator token, an external worker (the worker token), or the holder of an API key with its tenant, user or service, and permissions.
struct Caller {
    enum class Kind { anonymous, operator_token, key, worker_token };

    Kind kind = Kind::anonymous;
    std::string key_id;
    std::string tenant;
    std::string user_id;  // a user's key
    std::string service;  // a service account's key
    Permissions permissions;

    static Caller operator_with_token() { return Caller{Kind::operator_token, {}, {}, {}, {}, {}}; }
    static Caller worker_with_token() { return Caller{Kind::worker_token, {}, {}, {}, {}, {}}; }

    bool is_operator() const { return kind == Kind::operator_token || (kind == Kind::key && has(Permission::admin)); }
    bool has(Permission permission) const { return permissions.contains(permission); }

    // For audit records and log lines: "operator token", "key 0123abcd4567ef89 (alice@acme)",
    // "key ... (service copy@acme)" or "anonymous".
    std::string describe() const {
        switch (kind) {
            case Kind::anonymous:
                return "anonymous";
            case Kind::operator_token:
                return "operator token";
            case Kind::worker_token:
                return "worker token";
            case Kind::key:
                break;
        }
        return "key " + key_id + " (" + (service.empty() ? user_id : "service " + service) + "@" + tenant + ")";
    }
};

}  // namespace dms::auth
