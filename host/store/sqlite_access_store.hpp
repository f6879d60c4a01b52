#pragma once

#include <filesystem>
#include <mutex>

#include "store/access_store.hpp"
#include "store/sqlite/connection.hpp"

namespace dms::store {

// The embedded AccessStore: the keys, bindings and audit tables of the host's SQLite file (schema version 5),
// on a connection of its own. Its calls are few (one key lookup per request), so one connection behind a mutex
// serves reads and writes; SQLite's busy wait lets it share the file with SqliteStore's writer.
class SqliteAccessStore : public AccessStore {
 public:
    // Opens (creating and migrating when needed) the database file, e.g. <data_dir>/dms.sqlite3, locked as the task
    // store on it is.
    explicit SqliteAccessStore(const std::filesystem::path& file,
                               sqlite::FileLocking locking = sqlite::FileLocking::exclusive);

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
    std::optional<ApiKeyRecord> find_key_locked(std::string_view key_id);
    std::optional<AuditHead> audit_head_locked();

    std::mutex mutex_;
    sqlite::Connection connection_;
};

}  // namespace dms::store
