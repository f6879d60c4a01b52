#pragma once

#include "store/access_store.hpp"
#include "store/redis/connection_pool.hpp"
#include "store/redis/script.hpp"
#include "store/redis_store.hpp"

namespace dms::store {

// The shared AccessStore: keys, bindings and the audit chain in the Redis every host uses. Everything is read
// from the primary, never a replica, so a revocation is seen by the next request on any host. Keys and bindings
// are first-wins hash fields (HSETNX); an audit append computes its hash here and lands only if the chain's head
// is still the one it chained onto (a Lua compare-and-append), trying again when another host won.
class RedisAccessStore : public AccessStore {
 public:
    // Connects to nothing yet: connections are opened on first use. Uses only options.write.
    explicit RedisAccessStore(const RedisStoreOptions& options);

    void add_key(const ApiKeyRecord& key) override;
    std::optional<ApiKeyRecord> find_key(std::string_view key_id) override;
    std::vector<ApiKeyRecord> list_keys(const std::optional<std::string>& tenant) override;
    std::optional<ApiKeyRecord> revoke_key(std::string_view key_id, task::Timestamp at) override;
    std::string bind_user(std::string_view user_id, std::string_view tenant) override;
    std::optional<std::string> tenant_of(std::string_view user_id) override;
    AuditRecord append_audit(const AuditEntry& entry) override;
    AuditPage list_audit(const AuditQuery& query) override;
    std::vector<AuditRecord> audit_records_after(std::int64_t after_seq, std::size_t limit) override;
    std::optional<AuditHead> audit_head() override;

 private:
    redis::ConnectionPool primary_;
    redis::Script append_script_;
};

}  // namespace dms::store
