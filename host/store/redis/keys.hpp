#pragma once

#include <string>
#include <string_view>

#include "task/priority.hpp"
#include "task/status.hpp"

// Every Redis key the store uses (see docs/redis.md). Names follow the seeds where they fit: dms:task:<id>,
// dms:task:index, dms:queue:<priority>, dms:stats. Service and user names cannot hold ':' (the service layer's name
// rule), and task ids live in keys of their own kinds, so no two keys of different meaning can collide. The Lua
// scripts are built from the same prefixes (lua_prelude.cpp).
namespace dms::store::redis::keys {

inline constexpr std::string_view kTask = "dms:task:";          // hash: one task's fields
inline constexpr std::string_view kLogs = "dms:logs:";          // list: one task's log lines, "<micros> <message>"
inline constexpr std::string_view kAttempts = "dms:attempts:";  // list: one task's ended attempts, JSON
inline constexpr std::string_view kQueue = "dms:queue:";        // zset by fair key: dms:queue:<priority>[:<service>]
inline constexpr std::string_view kFair = "dms:fair:";          // hash per priority: clock, user:<user> -> last key
inline constexpr std::string_view kDelayed = "dms:delayed:";    // zset by not_before: a service's waiting tasks
inline constexpr std::string_view kIndex = "dms:task:index";    // zset by seq: every task, for listings
inline constexpr std::string_view kServiceIndex = "dms:index:service:";           // zset by seq, per service
inline constexpr std::string_view kUserIndex = "dms:index:user:";                 // zset by seq, per user
inline constexpr std::string_view kServiceUserIndex = "dms:index:service-user:";  // <service>:<user>
inline constexpr std::string_view kStatusIndex = "dms:index:status:";             // zset by seq, per status
inline constexpr std::string_view kUsers = "dms:users:";            // hash per service: user -> number of tasks
inline constexpr std::string_view kStats = "dms:stats";             // hash: counts, totals, last_updated
inline constexpr std::string_view kSeq = "dms:seq";                 // counter: the last seq handed out
inline constexpr std::string_view kLeases = "dms:leases";           // zset by lease expiry (micros): running tasks
inline constexpr std::string_view kFinished = "dms:finished";       // zset by finished_at (micros): final tasks
inline constexpr std::string_view kBlockAll = "dms:block:all";      // "1" while all submissions are blocked
inline constexpr std::string_view kBlockUsers = "dms:block:users";  // set of blocked users
inline constexpr std::string_view kPausedServices = "dms:paused:services";  // set: services whose queues wait

// Recurring templates (redis_template_store.cpp). Template ids are UUIDs, so dms:template:<id> never meets the
// dms:templates: keys.
inline constexpr std::string_view kTemplate = "dms:template:";                 // hash: one template's fields
inline constexpr std::string_view kTemplateIndex = "dms:templates:index";      // zset by created_at: every template
inline constexpr std::string_view kTemplateDue = "dms:templates:due";          // zset by next_run_at: enabled ones

// A task id the key layout cannot hold: dms:task:index is the listing index, not a task.
inline constexpr std::string_view kReservedTaskId = "index";

std::string task(std::string_view task_id);
std::string logs(std::string_view task_id);
std::string attempts(std::string_view task_id);
std::string queue(task::Priority priority);
std::string delayed(std::string_view service);
std::string service_index(std::string_view service);
std::string user_index(std::string_view user_id);
std::string service_user_index(std::string_view service, std::string_view user_id);
std::string status_index(task::Status status);
std::string users(std::string_view service);

}  // namespace dms::store::redis::keys
