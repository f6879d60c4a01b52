#include "store/sqlite_access_store.hpp"

#include <boost/algorithm/string/join.hpp>
#include <boost/algorithm/string/split.hpp>

#include "store/audit_chain.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/transaction.hpp"
#include "store/store_error.hpp"

namespace dms::store {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kKeyColumns =
    "key_id, secret_hash, tenant, user_id, service, permissions, created_at, expires_at, revoked_at, created_by";
constexpr const char* kAuditColumns = "seq, at, actor, actor_key_id, address, action, target, details, prev_hash, hash";

std::int64_t micros(task::Timestamp at) { return at.time_since_epoch().count(); }
task::Timestamp timestamp(std::int64_t micros) { return task::Timestamp(std::chrono::microseconds(micros)); }
std::optional<task::Timestamp> optional_timestamp(std::optional<std::int64_t> micros) {
    if (!micros) return std::nullopt;
    return timestamp(*micros);
}
std::optional<std::int64_t> optional_micros(std::optional<task::Timestamp> at) {
    if (!at) return std::nullopt;
    return micros(*at);
}

ApiKeyRecord key_from_row(const Statement& row) {
    ApiKeyRecord key;
    key.key_id = row.text(0);
    key.secret_hash = row.text(1);
    key.tenant = row.text(2);
    key.user_id = row.text(3);
    key.service = row.text(4);
    std::string permissions = row.text(5);
    if (!permissions.empty()) boost::algorithm::split(key.permissions, permissions, [](char c) { return c == ','; });
    key.created_at = timestamp(row.int64(6));
    key.expires_at = optional_timestamp(row.optional_int64(7));
    key.revoked_at = optional_timestamp(row.optional_int64(8));
    key.created_by = row.text(9);
    return key;
}

AuditRecord audit_from_row(const Statement& row) {
    AuditRecord record;
    record.seq = row.int64(0);
    record.at = timestamp(row.int64(1));
    record.actor = row.text(2);
    record.actor_key_id = row.text(3);
    record.address = row.text(4);
    record.action = row.text(5);
    record.target = row.text(6);
    record.details = nlohmann::json::parse(row.text_view(7), nullptr, false);
    record.prev_hash = row.text(8);
    record.hash = row.text(9);
    return record;
}

}  // namespace

SqliteAccessStore::SqliteAccessStore(const std::filesystem::path& file, sqlite::FileLocking locking)
    : connection_(file, sqlite::Connection::Mode::read_write, locking) {
    sqlite::prepare_database(connection_);
}

void SqliteAccessStore::add_key(const ApiKeyRecord& key) {
    std::lock_guard lock(mutex_);
    Transaction transaction(connection_, Transaction::Kind::write);
    if (find_key_locked(key.key_id)) throw StoreError("sqlite: the key id " + key.key_id + " is already taken");
    connection_.prepare(std::string("INSERT INTO api_keys (") + kKeyColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, key.key_id)
        .bind(2, key.secret_hash)
        .bind(3, key.tenant)
        .bind(4, key.user_id)
        .bind(5, key.service)
        .bind(6, boost::algorithm::join(key.permissions, ","))
        .bind(7, micros(key.created_at))
        .bind(8, optional_micros(key.expires_at))
        .bind(9, optional_micros(key.revoked_at))
        .bind(10, key.created_by)
        .run();
    transaction.commit();
}

std::optional<ApiKeyRecord> SqliteAccessStore::find_key(std::string_view key_id) {
    std::lock_guard lock(mutex_);
    return find_key_locked(key_id);
}

std::optional<ApiKeyRecord> SqliteAccessStore::find_key_locked(std::string_view key_id) {
    auto row = connection_.prepare(std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE key_id = ?");
    row.bind(1, key_id);
    if (!row.step()) return std::nullopt;
    return key_from_row(row);
}

std::vector<ApiKeyRecord> SqliteAccessStore::list_keys(const std::optional<std::string>& tenant) {
    std::lock_guard lock(mutex_);
    std::vector<ApiKeyRecord> keys;
    auto rows = connection_.prepare(std::string("SELECT ") + kKeyColumns +
                                    " FROM api_keys WHERE ?1 IS NULL OR tenant = ?1 ORDER BY created_at, key_id");
    if (tenant) {
        rows.bind(1, *tenant);
    } else {
        rows.bind_null(1);
    }
    while (rows.step()) keys.push_back(key_from_row(rows));
    return keys;
}

std::optional<ApiKeyRecord> SqliteAccessStore::revoke_key(std::string_view key_id, task::Timestamp at) {
    std::lock_guard lock(mutex_);
    Transaction transaction(connection_, Transaction::Kind::write);
    connection_.prepare("UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL")
        .bind(1, micros(at))
        .bind(2, key_id)
        .run();
    auto key = find_key_locked(key_id);
    transaction.commit();
    return key;
}

std::string SqliteAccessStore::bind_user(std::string_view user_id, std::string_view tenant) {
    std::lock_guard lock(mutex_);
    Transaction transaction(connection_, Transaction::Kind::write);
    connection_.prepare("INSERT OR IGNORE INTO user_tenants (user_id, tenant) VALUES (?, ?)")
        .bind(1, user_id)
        .bind(2, tenant)
        .run();
    auto row = connection_.prepare("SELECT tenant FROM user_tenants WHERE user_id = ?");
    row.bind(1, user_id);
    row.step();
    std::string bound = row.text(0);
    transaction.commit();
    return bound;
}

std::optional<std::string> SqliteAccessStore::tenant_of(std::string_view user_id) {
    std::lock_guard lock(mutex_);
    auto row = connection_.prepare("SELECT tenant FROM user_tenants WHERE user_id = ?");
    row.bind(1, user_id);
    if (!row.step()) return std::nullopt;
    return row.text(0);
}

AuditRecord SqliteAccessStore::append_audit(const AuditEntry& entry) {
    std::lock_guard lock(mutex_);
    // BEGIN IMMEDIATE holds the write lock from reading the head to writing the new one: the chain never forks.
    Transaction transaction(connection_, Transaction::Kind::write);
    AuditRecord record = chain_after(entry, audit_head_locked());
    connection_
        .prepare(std::string("INSERT INTO audit_log (") + kAuditColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, record.seq)
        .bind(2, micros(record.at))
        .bind(3, record.actor)
        .bind(4, record.actor_key_id)
        .bind(5, record.address)
        .bind(6, record.action)
        .bind(7, record.target)
        .bind(8, record.details.dump())
        .bind(9, record.prev_hash)
        .bind(10, record.hash)
        .run();
    connection_
        .prepare(
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2) "
            "ON CONFLICT (id) DO UPDATE SET seq = ?1, hash = ?2")
        .bind(1, record.seq)
        .bind(2, record.hash)
        .run();
    transaction.commit();
    return record;
}

AuditPage SqliteAccessStore::list_audit(const AuditQuery& query) {
    std::lock_guard lock(mutex_);
    auto rows =
        connection_.prepare(std::string("SELECT ") + kAuditColumns +
                            " FROM audit_log WHERE (?1 IS NULL OR action = ?1) AND (?2 IS NULL OR actor_key_id = ?2)"
                            " AND (?3 IS NULL OR target = ?3) AND (?4 IS NULL OR at >= ?4)"
                            " AND (?5 IS NULL OR at < ?5) AND (?6 IS NULL OR seq < ?6) ORDER BY seq DESC LIMIT ?7");
    auto bind_text = [&rows](int index, const std::optional<std::string>& value) {
        if (value) {
            rows.bind(index, *value);
        } else {
            rows.bind_null(index);
        }
    };
    bind_text(1, query.action);
    bind_text(2, query.actor_key_id);
    bind_text(3, query.target);
    rows.bind(4, optional_micros(query.since));
    rows.bind(5, optional_micros(query.until));
    rows.bind(6, query.before_seq);
    rows.bind(7, static_cast<std::int64_t>(query.limit) + 1);
    AuditPage page;
    while (rows.step()) page.records.push_back(audit_from_row(rows));
    if (page.records.size() > query.limit) {
        page.records.pop_back();
        page.next_before_seq = page.records.back().seq;
    }
    return page;
}

std::vector<AuditRecord> SqliteAccessStore::audit_records_after(std::int64_t after_seq, std::size_t limit) {
    std::lock_guard lock(mutex_);
    auto rows = connection_.prepare(std::string("SELECT ") + kAuditColumns +
                                    " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?");
    rows.bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AuditRecord> records;
    while (rows.step()) records.push_back(audit_from_row(rows));
    return records;
}

std::optional<AuditHead> SqliteAccessStore::audit_head() {
    std::lock_guard lock(mutex_);
    return audit_head_locked();
}

std::optional<AuditHead> SqliteAccessStore::audit_head_locked() {
    auto row = connection_.prepare("SELECT seq, hash FROM audit_head WHERE id = 1");
    if (!row.step()) return std::nullopt;
    return AuditHead{row.int64(0), row.text(1)};
}

}  // namespace dms::store
