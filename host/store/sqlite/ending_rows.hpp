#pragma once

#include <cstdint>
#include <string_view>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/multi_row_insert.hpp"
#include "store/sqlite/task_writes.hpp"
#include "task/task.hpp"

namespace dms::store::sqlite {

// What ending attempts add besides their status changes, their log lines and their attempts' records, gathered
// across a batch of endings and inserted together (a single-row insert costs several times a row of a batch).
class EndingRows {
public:
    void log(std::int64_t seq, task::Timestamp at, std::string_view message);

    // Adds the task's running attempt, as `state` read it, to its history; a second record of it is ignored.
    void attempt(const TaskState& state, std::string_view outcome, task::Timestamp now, std::string_view error);

    // Inserts everything gathered: each task's lines stay in the order they were logged.
    void write(Connection& connection);

private:
    MultiRowInsert logs_{"INSERT INTO task_logs (task_seq, at, message)", 3};
    MultiRowInsert attempts_{
        "INSERT OR IGNORE INTO task_attempts (task_seq, number, host, outcome, started_at, finished_at, error)", 7};
};

}  // namespace dms::store::sqlite
