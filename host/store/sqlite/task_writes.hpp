#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>
#include <span>
#include <string>
#include <string_view>

#include "store/sqlite/connection.hpp"
#include "task/task.hpp"

// The store's write steps, each run by SqliteStore inside its write transaction. None decides a status on its
// own: callers ask task::next_status and pass the answer in.
namespace dms::store::sqlite {

// What a status change needs to know about a task before asking the state machine.
struct TaskState {
    std::int64_t seq = 0;
    task::Status status = task::Status::queued;
    int attempts = 0;
    bool cancel_requested = false;
};

std::optional<TaskState> find_state(Connection& connection, std::string_view task_id);

// Inserts a new queued task and sets its seq.
void insert_task(Connection& connection, task::Task& task, task::Timestamp now);

// The seq of the first queued task (priority, then seq) among these services, if any.
std::optional<std::int64_t> queue_head(Connection& connection, std::span<const std::string> services);

// The seqs of the first `max` queued tasks among `services` (priority, then seq), at most caps[s] of a capped
// service.
std::vector<std::int64_t> queue_heads(Connection& connection, std::span<const std::string> services,
                                      const std::map<std::string, std::size_t, std::less<>>& caps, std::size_t max);

// Makes a queued task the running attempt `attempts + 1` of `owner`.
void start_attempt(Connection& connection, std::int64_t seq, task::Status running, const std::string& owner,
                   task::Timestamp lease_until, task::Timestamp now);

// Writes a new status decided by the state machine: leaving running clears the lease, a final status sets
// finished_at, and a non-null `result` replaces the stored one.
void write_status(Connection& connection, std::int64_t seq, task::Status next, task::Timestamp now,
                  const nlohmann::json& result = nullptr);

void mark_cancel_requested(Connection& connection, std::int64_t seq, task::Timestamp now);

}  // namespace dms::store::sqlite
