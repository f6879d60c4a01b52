#include "store/audit_chain.hpp"

#include <array>
#include <iterator>

#include <openssl/sha.h>
#include <boost/algorithm/hex.hpp>

namespace dms::store {
namespace {

void add_field(std::string& input, std::string_view field) {
    input += std::to_string(field.size());
    input += ':';
    input += field;
}

std::int64_t micros_of(task::Timestamp at) { return at.time_since_epoch().count(); }

}  // namespace

std::string audit_record_hash(const AuditRecord& record) {
    std::string input;
    add_field(input, std::to_string(record.seq));
    add_field(input, std::to_string(micros_of(record.at)));
    add_field(input, record.actor);
    add_field(input, record.actor_key_id);
    add_field(input, record.address);
    add_field(input, record.action);
    add_field(input, record.target);
    add_field(input, record.details.dump());
    add_field(input, record.prev_hash);
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
    std::string hex;
    boost::algorithm::hex_lower(digest.begin(), digest.end(), std::back_inserter(hex));
    return hex;
}

AuditRecord chain_after(const AuditEntry& entry, const std::optional<AuditHead>& head) {
    AuditRecord record;
    static_cast<AuditEntry&>(record) = entry;
    record.seq = head ? head->seq + 1 : 1;
    record.prev_hash = head ? head->hash : std::string(kAuditGenesisHash);
    record.hash = audit_record_hash(record);
    return record;
}

nlohmann::json audit_record_to_json(const AuditRecord& record) {
    return {{"seq", record.seq},
            {"at", micros_of(record.at)},
            {"actor", record.actor},
            {"actor_key_id", record.actor_key_id},
            {"address", record.address},
            {"action", record.action},
            {"target", record.target},
            {"details", record.details},
            {"prev_hash", record.prev_hash},
            {"hash", record.hash}};
}

AuditRecord audit_record_from_json(const nlohmann::json& json) {
    AuditRecord record;
    record.seq = json.at("seq").get<std::int64_t>();
    record.at = task::Timestamp(std::chrono::microseconds(json.at("at").get<std::int64_t>()));
    record.actor = json.at("actor").get<std::string>();
    record.actor_key_id = json.at("actor_key_id").get<std::string>();
    record.address = json.at("address").get<std::string>();
    record.action = json.at("action").get<std::string>();
    record.target = json.at("target").get<std::string>();
    record.details = json.at("details");
    record.prev_hash = json.at("prev_hash").get<std::string>();
    record.hash = json.at("hash").get<std::string>();
    return record;
}

}  // namespace dms::store
