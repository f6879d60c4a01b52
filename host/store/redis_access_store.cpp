#include "store/redis_access_store.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "store/audit_chain.hpp"
#include "store/redis/access_keys.hpp"
#include "store/redis/audit_append_script.hpp"
#include "store/store_error.hpp"

namespace dms::store {
namespace {

namespace keys = redis::access_keys;

// How many times an append tries again after other hosts moved the head first.
constexpr int kAppendAttempts = 1000;
// Records read per LRANGE while a filtered listing walks back through the chain.
constexpr std::int64_t kListChunk = 500;

std::int64_t micros(task::Timestamp at) { return at.time_since_epoch().count(); }
task::Timestamp timestamp(std::int64_t micros) { return task::Timestamp(std::chrono::microseconds(micros)); }

// Times as strings of micros: exact, whatever reads the JSON.
nlohmann::json key_to_json(const ApiKeyRecord& key) {
    return {{"key_id", key.key_id},
            {"secret_hash", key.secret_hash},
            {"tenant", key.tenant},
            {"user_id", key.user_id},
            {"service", key.service},
            {"permissions", key.permissions},
            {"created_at", std::to_string(micros(key.created_at))},
            {"expires_at", key.expires_at ? std::to_string(micros(*key.expires_at)) : ""},
            {"created_by", key.created_by}};
}

ApiKeyRecord key_from_json(std::string_view text, const redis::Reply& revoked) {
    nlohmann::json json = nlohmann::json::parse(text);
    ApiKeyRecord key;
    key.key_id = json.at("key_id");
    key.secret_hash = json.at("secret_hash");
    key.tenant = json.at("tenant");
    key.user_id = json.at("user_id");
    key.service = json.at("service");
    key.permissions = json.at("permissions").get<std::vector<std::string>>();
    key.created_at = timestamp(std::stoll(json.at("created_at").get<std::string>()));
    std::string expires = json.at("expires_at");
    if (!expires.empty()) key.expires_at = timestamp(std::stoll(expires));
    key.created_by = json.at("created_by");
    if (!revoked.is_nil()) key.revoked_at = timestamp(revoked.integer());
    return key;
}

bool matches(const AuditRecord& record, const AuditQuery& query) {
    if (query.action && record.action != *query.action) return false;
    if (query.actor_key_id && record.actor_key_id != *query.actor_key_id) return false;
    if (query.target && record.target != *query.target) return false;
    if (query.since && record.at < *query.since) return false;
    if (query.until && record.at >= *query.until) return false;
    return true;
}

std::string head_text(const std::optional<AuditHead>& head) {
    return head ? std::to_string(head->seq) + " " + head->hash : "";
}

}  // namespace

RedisAccessStore::RedisAccessStore(const RedisStoreOptions& options)
    : primary_({options.write, options.connect_timeout, options.command_timeout, options.max_idle_connections}),
      append_script_(redis::audit_append_script()) {}

void RedisAccessStore::add_key(const ApiKeyRecord& key) {
    auto added = primary_.run([&](redis::Connection& connection) {
        return connection.call({"HSETNX", keys::kKeys, key.key_id, key_to_json(key).dump()}).integer();
    });
    if (added == 0) throw StoreError("redis: the key id " + key.key_id + " is already taken");
    if (key.revoked_at) revoke_key(key.key_id, *key.revoked_at);
}

std::optional<ApiKeyRecord> RedisAccessStore::find_key(std::string_view key_id) {
    auto replies = primary_.run([&](redis::Connection& connection) {
        return connection.pipeline({{"HGET", std::string(keys::kKeys), std::string(key_id)},
                                    {"HGET", std::string(keys::kRevoked), std::string(key_id)}});
    });
    for (const auto& reply : replies) checked(reply, primary_.options().url.address());
    if (replies[0].is_nil()) return std::nullopt;
    return key_from_json(replies[0].text(), replies[1]);
}

std::vector<ApiKeyRecord> RedisAccessStore::list_keys(const std::optional<std::string>& tenant) {
    auto replies = primary_.run([&](redis::Connection& connection) {
        return connection.pipeline({{"HGETALL", std::string(keys::kKeys)}, {"HGETALL", std::string(keys::kRevoked)}});
    });
    for (const auto& reply : replies) checked(reply, primary_.options().url.address());
    std::map<std::string, redis::Reply, std::less<>> revoked;
    for (std::size_t i = 0; i + 1 < replies[1].size(); i += 2) revoked[replies[1].at(i).str()] = replies[1].at(i + 1);
    std::vector<ApiKeyRecord> found;
    for (std::size_t i = 0; i + 1 < replies[0].size(); i += 2) {
        auto when = revoked.find(replies[0].at(i).text());
        ApiKeyRecord key =
            key_from_json(replies[0].at(i + 1).text(), when == revoked.end() ? redis::Reply() : when->second);
        if (!tenant || key.tenant == *tenant) found.push_back(std::move(key));
    }
    std::sort(found.begin(), found.end(), [](const ApiKeyRecord& a, const ApiKeyRecord& b) {
        return std::tie(a.created_at, a.key_id) < std::tie(b.created_at, b.key_id);
    });
    return found;
}

std::optional<ApiKeyRecord> RedisAccessStore::revoke_key(std::string_view key_id, task::Timestamp at) {
    if (!find_key(key_id)) return std::nullopt;
    primary_.run([&](redis::Connection& connection) {
        connection.call({"HSETNX", keys::kRevoked, key_id, std::to_string(micros(at))});
    });
    return find_key(key_id);
}

std::string RedisAccessStore::bind_user(std::string_view user_id, std::string_view tenant) {
    auto replies = primary_.run([&](redis::Connection& connection) {
        return connection.pipeline(
            {{"HSETNX", std::string(keys::kUserTenants), std::string(user_id), std::string(tenant)},
             {"HGET", std::string(keys::kUserTenants), std::string(user_id)}});
    });
    return checked(replies[1], primary_.options().url.address()).str();
}

std::optional<std::string> RedisAccessStore::tenant_of(std::string_view user_id) {
    auto reply = primary_.run([&](redis::Connection& connection) {
        return connection.call({"HGET", keys::kUserTenants, user_id});
    });
    if (reply.is_nil()) return std::nullopt;
    return reply.str();
}

AuditRecord RedisAccessStore::append_audit(const AuditEntry& entry) {
    for (int attempt = 0; attempt < kAppendAttempts; ++attempt) {
        std::optional<AuditHead> head = audit_head();
        AuditRecord record = chain_after(entry, head);
        auto appended = primary_.run([&](redis::Connection& connection) {
            return append_script_
                .run(connection, {std::string(keys::kAuditRecords), std::string(keys::kAuditHead)},
                     {head_text(head), audit_record_to_json(record).dump(),
                      head_text(AuditHead{record.seq, record.hash})})
                .integer();
        });
        if (appended == 1) return record;
    }
    throw StoreError("redis: the audit chain kept moving; the record was not appended");
}

AuditPage RedisAccessStore::list_audit(const AuditQuery& query) {
    AuditPage page;
    // Records sit at index seq - 1 while the chain is whole; the walk goes back from the newest below before_seq.
    std::int64_t end = primary_.run([&](redis::Connection& connection) {
        return connection.call({"LLEN", keys::kAuditRecords}).integer();
    });
    if (query.before_seq) end = std::min(end, *query.before_seq - 1);
    while (end > 0) {
        std::int64_t start = std::max<std::int64_t>(0, end - kListChunk);
        auto chunk = primary_.run([&](redis::Connection& connection) {
            return connection.call({"LRANGE", keys::kAuditRecords, std::to_string(start), std::to_string(end - 1)});
        });
        for (std::size_t i = chunk.size(); i-- > 0;) {
            AuditRecord record = audit_record_from_json(nlohmann::json::parse(chunk.at(i).text()));
            if (!matches(record, query)) continue;
            if (page.records.size() == query.limit) {
                page.next_before_seq = page.records.back().seq;
                return page;
            }
            page.records.push_back(std::move(record));
        }
        end = start;
    }
    return page;
}

std::vector<AuditRecord> RedisAccessStore::audit_records_after(std::int64_t after_seq, std::size_t limit) {
    // The chain check reads by position and compares the seqs it finds, so a removed record shows as a gap.
    auto reply = primary_.run([&](redis::Connection& connection) {
        return connection.call({"LRANGE", keys::kAuditRecords, std::to_string(after_seq),
                                std::to_string(after_seq + static_cast<std::int64_t>(limit) - 1)});
    });
    std::vector<AuditRecord> records;
    for (std::size_t i = 0; i < reply.size(); ++i) {
        records.push_back(audit_record_from_json(nlohmann::json::parse(reply.at(i).text())));
    }
    return records;
}

std::optional<AuditHead> RedisAccessStore::audit_head() {
    auto reply = primary_.run([&](redis::Connection& connection) {
        return connection.call({"GET", keys::kAuditHead});
    });
    if (reply.is_nil()) return std::nullopt;
    std::string text = reply.str();
    auto space = text.find(' ');
    if (space == std::string::npos) throw StoreError("redis: the audit head '" + text + "' is not '<seq> <hash>'");
    return AuditHead{std::stoll(text.substr(0, space)), text.substr(space + 1)};
}

}  // namespace dms::store
