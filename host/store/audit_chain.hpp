#pragma once

#include <string>
#include <string_view>

#include "store/access_store.hpp"

namespace dms::store {

// The prev_hash of the first record.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The SHA-256 (hex) of a record: every field but `hash` itself, each length-prefixed so no two records share an
// input, details as compact JSON with sorted keys.
std::string audit_record_hash(const AuditRecord& record);

// The record `entry` becomes after `head` (nothing: the chain is empty), with seq, prev_hash and hash set.
AuditRecord chain_after(const AuditEntry& entry, const std::optional<AuditHead>& head);

// A record as JSON and back: the Redis store keeps each record so, and the API answers with the same fields.
nlohmann::json audit_record_to_json(const AuditRecord& record);
AuditRecord audit_record_from_json(const nlohmann::json& json);

}  // namespace dms::store
