#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>
#include <string>
#include <string_view>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/count_deltas.hpp"
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
    task::Priority priority = task::Priority::mid;
    std::string service;
    std::optional<task::Timestamp> not_before;  // set while retrying
    std::string user_id{};
    std::int64_t fair_key = 0;  // its place within its priority; 0: a scheduled task not yet due
    std::string lease_owner{};                           // of the running attempt, for its record
    std::optional<std::int64_t> attempt_started_at{};    // microseconds; of the running attempt, for its record
};

std::optional<TaskState> find_state(Connection& connection, std::string_view task_id);

// Inserts a new queued task with this fair key (0 for a scheduled one) and sets its seq.
void insert_task(Connection& connection, task::Task& task, std::int64_t fair_key, task::Timestamp now,
                 CountDeltas& deltas);

// A task whose attempt a lease started: what the lease's counts and queue changes need.
struct StartedAttempt {
    std::int64_t seq = 0;
    std::string task_id;
    std::string service;
    task::Priority priority = task::Priority::mid;
    int attempt = 0;  // the attempt's number, for its fence
};

// Makes the queued (or retrying, or due scheduled) tasks with these seqs running attempts of `owner`, each one
// attempt more, and returns those it started, in the order of `seqs`. Tasks in any other status are left alone.
std::vector<StartedAttempt> start_attempts(Connection& connection, std::span<const std::int64_t> seqs,
                                           task::Status running, const std::string& owner,
                                           task::Timestamp lease_until, task::Timestamp now, CountDeltas& deltas);

std::vector<std::int64_t> seqs_of(std::span<const StartedAttempt> started);

// Those of `read` (the rows of `started`, read after the lease committed) that are still the attempts the lease
// started, running on `owner`: between the commit and the read, the sweep may have requeued one and another lease
// taken it, and that holder's fence must not be handed out twice.
void keep_started(std::vector<task::Task>& read, std::span<const StartedAttempt> started, const std::string& owner);

// What a status change writes besides the status.
struct StatusExtras {
    nlohmann::json result = nullptr;            // not null: replaces the stored result
    std::optional<task::Timestamp> not_before;  // retrying: when the next attempt may start
    bool failure = false;                       // the attempt failed: one more failure counted
};

// Writes a new status decided by the state machine: leaving running clears the lease, a final status sets
// finished_at, and the extras are written as they say.
void write_status(Connection& connection, const TaskState& state, task::Status next, task::Timestamp now,
                  CountDeltas& deltas, const StatusExtras& extras = {});

// An operator's retry: the failed task queued again with a fresh budget (the state machine said resubmit).
void write_resubmitted(Connection& connection, const TaskState& state, task::Timestamp now, CountDeltas& deltas);

void mark_cancel_requested(Connection& connection, std::int64_t seq, task::Timestamp now, CountDeltas& deltas);

// Appends one log line to each of these tasks.
void insert_logs(Connection& connection, std::span<const std::int64_t> seqs, task::Timestamp at,
                 std::string_view message);

// A JSON array of the numbers, for statements that take a set through json_each.
std::string json_array(std::span<const std::int64_t> numbers);

}  // namespace dms::store::sqlite
