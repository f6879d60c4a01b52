#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "task/task.hpp"

// The queries behind pausing services and capping running tasks. Paused services are rows of the flags table named
// "paused_service:<service>", so pausing needs no schema change.
namespace dms::store::sqlite {

// Sorted.
std::vector<std::string> read_paused_services(Connection& connection);
void write_service_paused(Connection& connection, std::string_view service, bool paused);

// Running tasks of one service: in all, and by user.
std::int64_t running_in_service(Connection& connection, std::string_view service);
std::map<std::string, std::int64_t, std::less<>> running_by_user(Connection& connection, std::string_view service);

// The user of the task with this seq; empty when there is none.
std::string user_of(Connection& connection, std::int64_t seq);

// Fair queuing (fair_clock.hpp): the clocks as stored, raised with each lease; a task's new key. (Each user's last
// key is rebuilt at open from the waiting tasks the store reads for its queue anyway.)
std::array<std::int64_t, 3> read_fair_clocks(Connection& connection);
void write_fair_clock(Connection& connection, int priority, std::int64_t clock);
// A fresh key in a (new) priority: the task's wait for bounded wait starts now.
void write_fair_key(Connection& connection, std::int64_t seq, std::int64_t fair_key, task::Timestamp now);
// A scheduled task's key, given when it becomes due: its wait started at its run_at, so queued_at stays.
void write_due_fair_key(Connection& connection, std::int64_t seq, std::int64_t fair_key);

// When the task with this seq began to wait in its queue: not_before for a retrying or scheduled task (which waits
// there once due), else when it was last queued.
task::Timestamp waiting_since(Connection& connection, std::int64_t seq);

}  // namespace dms::store::sqlite
