#include "store/sqlite/task_writes.hpp"

#include <algorithm>

#include "store/sqlite/task_rows.hpp"
#include "task/status.hpp"

namespace dms::store::sqlite {

std::optional<TaskState> find_state(Connection& connection, std::string_view task_id) {
    auto row = connection.prepare(
        "SELECT seq, status, attempts, cancel_requested, priority, service FROM tasks WHERE task_id = ?1");
    row.bind(1, task_id);
    if (!row.step()) return std::nullopt;
    return TaskState{row.int64(0),
                     task::parse_status(row.text(1)).value_or(task::Status::failed),
                     static_cast<int>(row.int64(2)),
                     row.int64(3) != 0,
                     static_cast<task::Priority>(std::clamp<std::int64_t>(row.int64(4), 0, 2)),
                     row.text(5)};
}

void insert_task(Connection& connection, task::Task& task, task::Timestamp now, CountDeltas& deltas) {
    auto insert = connection.prepare(
        "INSERT INTO tasks (task_id, service, user_id, parameters, priority, status, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind(1, task.task_id).bind(2, task.service).bind(3, task.user_id).bind(4, task.parameters.dump());
    insert.bind(5, static_cast<int>(task.priority)).bind(6, task::to_string(task::Status::queued));
    insert.bind(7, to_micros(task.created_at)).bind(8, to_micros(now));
    insert.run();
    // Not RETURNING: SQLite builds a scratch table per statement for it, which costs more than the insert.
    task.seq = connection.last_insert_rowid();
    deltas.submitted(task.service, task.priority);
}

std::vector<task::Task> start_attempts(Connection& connection, std::span<const std::int64_t> seqs,
                                       task::Status running, const std::string& owner, task::Timestamp lease_until,
                                       task::Timestamp now, CountDeltas& deltas) {
    // One statement for the whole batch: cheaper than a statement per row and a read of them all (measured).
    // started_at records the first attempt's start; later attempts show up in the log.
    auto update = connection.prepare(
        "UPDATE tasks SET status = ?2, attempts = attempts + 1, lease_owner = ?3, lease_expires_at = ?4, "
        "started_at = coalesce(started_at, ?5), updated_at = ?5 "
        "WHERE seq IN (SELECT value FROM json_each(?1)) AND status = 'queued' RETURNING " +
        kTaskColumns);
    update.bind(1, json_array(seqs)).bind(2, task::to_string(running)).bind(3, owner);
    update.bind(4, to_micros(lease_until)).bind(5, to_micros(now));
    std::vector<task::Task> started;
    started.reserve(seqs.size());
    while (update.step()) {
        started.push_back(read_task(update));
        deltas.changed(task::Status::queued, running, started.back().service, started.back().priority);
    }
    std::sort(started.begin(), started.end(), [](const task::Task& a, const task::Task& b) {
        return std::pair(a.priority, a.seq) < std::pair(b.priority, b.seq);
    });
    return started;
}

void write_status(Connection& connection, const TaskState& state, task::Status next, task::Timestamp now,
                  CountDeltas& deltas, const nlohmann::json& result) {
    std::int64_t seq = state.seq;
    deltas.changed(state.status, next, state.service, state.priority);
    auto update = connection.prepare(
        "UPDATE tasks SET status = ?2, updated_at = ?3, "
        "finished_at = CASE WHEN ?4 THEN ?3 ELSE finished_at END, "
        "lease_owner = CASE WHEN ?2 = 'running' THEN lease_owner ELSE '' END, "
        "lease_expires_at = CASE WHEN ?2 = 'running' THEN lease_expires_at ELSE NULL END, "
        "result = coalesce(?5, result) WHERE seq = ?1");
    update.bind(1, seq).bind(2, task::to_string(next)).bind(3, to_micros(now)).bind(4, task::is_final(next) ? 1 : 0);
    if (result.is_null()) {
        update.bind_null(5);
    } else {
        update.bind(5, result.dump());
    }
    update.run();
}

void mark_cancel_requested(Connection& connection, std::int64_t seq, task::Timestamp now, CountDeltas& deltas) {
    deltas.touched();
    connection.prepare("UPDATE tasks SET cancel_requested = 1, updated_at = ?2 WHERE seq = ?1")
        .bind(1, seq)
        .bind(2, to_micros(now))
        .run();
}

}  // namespace dms::store::sqlite

namespace dms::store::sqlite {

void insert_logs(Connection& connection, std::span<const std::int64_t> seqs, task::Timestamp at,
                 std::string_view message) {
    if (seqs.empty()) return;
    connection.prepare("INSERT INTO task_logs (task_seq, at, message) SELECT value, ?2, ?3 FROM json_each(?1)")
        .bind(1, json_array(seqs))
        .bind(2, to_micros(at))
        .bind(3, message)
        .run();
}

std::string json_array(std::span<const std::int64_t> numbers) {
    std::string text = "[";
    for (std::int64_t number : numbers) {
        if (text.size() > 1) text += ',';
        text += std::to_string(number);
    }
    text += ']';
    return text;
}

}  // namespace dms::store::sqlite
