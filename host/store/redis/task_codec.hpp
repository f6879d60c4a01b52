#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/redis/reply.hpp"
#include "store/task_store.hpp"
#include "task/task.hpp"

// How tasks, times, numbers, log lines and stats are written in Redis and read back. Times are microseconds since
// the Unix epoch as decimal text (exact, and usable as sorted-set scores); an absent time is the empty string.
namespace dms::store::redis::codec {

std::string micros(task::Timestamp time);
task::Timestamp parse_micros(std::string_view text);
std::optional<task::Timestamp> parse_optional_micros(std::string_view text);

// The shortest text that reads back as exactly the same double.
std::string number(double value);
double parse_number(std::string_view text);

// A task from its hash as HGETALL returns it (field, value, ...); without log lines.
task::Task task_from_fields(const Reply& fields);

// One field of a task hash as HGETALL returned it (a view into `fields`); empty when absent.
std::string_view hash_field(const Reply& fields, std::string_view name);

// One entry of a task's log list, "<micros> <message>".
task::LogEntry log_entry(std::string_view text);

// One entry of a task's attempt list: a JSON object whose times are microsecond strings ("" for none).
task::AttemptRecord attempt_record(std::string_view text);

// A script's answer to a change, {change} or {change, fields}.
ChangeResult change_result(const Reply& reply);

// The stats hash as HGETALL returns it.
Stats stats_from_fields(const Reply& fields);

}  // namespace dms::store::redis::codec
