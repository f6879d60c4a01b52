#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "task/task.hpp"

namespace dms::store {

// One API key as stored: never its secret, only the secret's SHA-256 (hex). A key belongs to a tenant and either
// a user (user_id set) or a service account (service set).
struct ApiKeyRecord {
    std::string key_id;
    std::string secret_hash;
    std::string tenant;
    std::string user_id;                   // empty for a service account
    std::string service;                   // empty for a user's key
    std::vector<std::string> permissions;  // names: submit, read, cancel, delete, admin
    task::Timestamp created_at{};
    std::optional<task::Timestamp> expires_at;
    std::optional<task::Timestamp> revoked_at;
    std::string created_by;  // who created it, as the audit names them
};

// What an operator did, before the chain places it.
struct AuditEntry {
    task::Timestamp at{};
    std::string actor;         // e.g. "operator token" or "key 0123abcd (alice@acme)"
    std::string actor_key_id;  // empty for the operator token
    std::string address;       // the client's address
    std::string action;        // e.g. "task.cancel", "key.create", "block.user"
    std::string target;        // what it acted on, e.g. a task or key id, a user
    nlohmann::json details = nlohmann::json::object();
};

// An audit record in the chain: seq counts from 1 without gaps; hash covers the record and prev_hash, the hash
// of the record before (64 zeros for the first).
struct AuditRecord : AuditEntry {
    std::int64_t seq = 0;
    std::string prev_hash;
    std::string hash;
};

// The newest record as the store's head names it, kept apart from the records so a deleted tail shows.
struct AuditHead {
    std::int64_t seq = 0;
    std::string hash;
};

// Filters and page of the audit listing, newest first.
struct AuditQuery {
    std::optional<std::string> action;
    std::optional<std::string> actor_key_id;
    std::optional<std::string> target;
    std::optional<task::Timestamp> since;  // at or after
    std::optional<task::Timestamp> until;  // before
    std::size_t limit = 100;
    std::optional<std::int64_t> before_seq;  // the page continues below this seq
};

struct AuditPage {
    std::vector<AuditRecord> records;
    std::optional<std::int64_t> next_before_seq;  // set when more records may follow
};

// Durable home of API keys, the user-to-tenant bindings and the audit chain, apart from tasks. Implementations:
// SqliteAccessStore and RedisAccessStore, held to one contract suite. Reads see every write that returned before
// them (never a replica), so a revoked key is refused at once on every host.
class AccessStore {
 public:
    virtual ~AccessStore() = default;

    // Stores a new key. Throws StoreError when its id is taken.
    virtual void add_key(const ApiKeyRecord& key) = 0;
    virtual std::optional<ApiKeyRecord> find_key(std::string_view key_id) = 0;
    // Every key, oldest first; only the tenant's when one is given.
    virtual std::vector<ApiKeyRecord> list_keys(const std::optional<std::string>& tenant) = 0;
    // Marks the key revoked at `at` unless it already was (its first revocation time stays). Returns the key
    // afterwards, or nothing when there is no such key.
    virtual std::optional<ApiKeyRecord> revoke_key(std::string_view key_id, task::Timestamp at) = 0;

    // Binds the user to the tenant unless it is bound already; returns the user's tenant afterwards. A user
    // belongs to one tenant for good.
    virtual std::string bind_user(std::string_view user_id, std::string_view tenant) = 0;
    virtual std::optional<std::string> tenant_of(std::string_view user_id) = 0;

    // Appends to the audit chain in one atomic step: the record takes the next seq and the head's hash as its
    // prev_hash, and becomes the head.
    virtual AuditRecord append_audit(const AuditEntry& entry) = 0;
    virtual AuditPage list_audit(const AuditQuery& query) = 0;
    // Up to `limit` records with seq above `after_seq`, oldest first, as stored (for the chain check).
    virtual std::vector<AuditRecord> audit_records_after(std::int64_t after_seq, std::size_t limit) = 0;
    // Nothing while the chain is empty.
    virtual std::optional<AuditHead> audit_head() = 0;
};

}  // namespace dms::store
