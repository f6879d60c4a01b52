#pragma once

#include <string_view>

// The Redis keys of RedisAccessStore (see docs/redis.md): apart from the task keys, under dms:access: and dms:audit:.
namespace dms::store::redis::access_keys {

inline constexpr std::string_view kKeys = "dms:access:keys";          // hash: key id -> the key as JSON (no secret)
inline constexpr std::string_view kRevoked = "dms:access:revoked";    // hash: key id -> revoked at (micros), first wins
inline constexpr std::string_view kUserTenants = "dms:access:users";  // hash: user id -> tenant, first wins
inline constexpr std::string_view kAuditRecords = "dms:audit:records";  // list: records as JSON, oldest first
inline constexpr std::string_view kAuditHead = "dms:audit:head";        // string: "<seq> <hash>" of the newest

}  // namespace dms::store::redis::access_keys
