#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>
#include <string>
#include <string_view>

#include "store/sqlite/connection.hpp"
#include "task/task.hpp"

// Mapping between rows of the tasks and task_logs tables and task::Task, shared by the store's reads and writes.
namespace dms::store::sqlite {

// The columns read_task expects, in order; use as "SELECT " + kTaskColumns + " FROM tasks ...".
extern const std::string kTaskColumns;

std::int64_t to_micros(task::Timestamp time);
task::Timestamp from_micros(std::int64_t micros);
std::optional<std::int64_t> to_micros(const std::optional<task::Timestamp>& time);

// The task in the current row of a statement that selected kTaskColumns first (logs not filled in).
task::Task read_task(const Statement& row);

// The task with this id or seq, with its latest `log_tail` log lines, its log count and its attempt history.
std::optional<task::Task> find_task(Connection& connection, std::string_view task_id, std::size_t log_tail);
std::optional<task::Task> find_task(Connection& connection, std::int64_t seq, std::size_t log_tail);

// A row that read_task could not turn into a task (a column that no longer parses), by seq, with why.
struct UnreadableRow {
    std::int64_t seq = 0;
    std::string error;
};

// The tasks with these distinct seqs, in that order, without logs or attempt history; a seq with no task is skipped,
// and one whose row does not read goes to `unreadable` instead of failing the others.
std::vector<task::Task> find_tasks(Connection& connection, std::span<const std::int64_t> seqs,
                                   std::vector<UnreadableRow>& unreadable);

// Fills in task.logs (the latest `log_tail`, oldest first) and task.log_count.
void load_logs(Connection& connection, task::Task& task, std::size_t log_tail);

// Fills in task.attempt_history, oldest first.
void load_attempts(Connection& connection, task::Task& task);

// Appends one log line to the task with this seq.
void insert_log(Connection& connection, std::int64_t seq, task::Timestamp at, std::string_view message);

}  // namespace dms::store::sqlite
