#include "store/sqlite/task_writes.hpp"

#include <algorithm>
#include <unordered_map>

#include "store/sqlite/task_rows.hpp"
#include "task/status.hpp"

namespace dms::store::sqlite {

std::optional<TaskState> find_state(Connection& connection, std::string_view task_id) {
    auto row = connection.prepare(
        "SELECT seq, status, attempts, cancel_requested, priority, service, not_before, user_id, fair_key, lease_owner, "
        "attempt_started_at FROM tasks WHERE task_id = ?1");
    row.bind(1, task_id);
    if (!row.step()) return std::nullopt;
    TaskState state{row.int64(0),
                    task::parse_status(row.text(1)).value_or(task::Status::failed),
                    static_cast<int>(row.int64(2)),
                    row.int64(3) != 0,
                    static_cast<task::Priority>(std::clamp<std::int64_t>(row.int64(4), 0, 2)),
                    row.text(5),
                    std::nullopt,
                    row.text(7),
                    row.int64(8),
                    row.is_null(9) ? std::string() : row.text(9)};
    if (!row.is_null(10)) state.attempt_started_at = row.int64(10);
    if (task::waits_for_time(state.status) && !row.is_null(6)) state.not_before = from_micros(row.int64(6));
    return state;
}

void insert_task(Connection& connection, task::Task& task, std::int64_t fair_key, task::Timestamp now,
                 CountDeltas& deltas) {
    auto insert = connection.prepare(
        "INSERT INTO tasks (task_id, service, user_id, parameters, priority, status, created_at, updated_at, "
        "max_retries, timeout_seconds, not_before, template_id, fair_key, queued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?8)");
    // A task with a run_at still ahead waits as scheduled.
    task.status = task.not_before ? task::Status::scheduled : task::Status::queued;
    insert.bind(1, task.task_id).bind(2, task.service).bind(3, task.user_id).bind(4, task.parameters.dump());
    insert.bind(5, static_cast<int>(task.priority)).bind(6, task::to_string(task.status));
    insert.bind(7, to_micros(task.created_at)).bind(8, to_micros(now)).bind(9, task.max_retries);
    if (task.timeout_seconds) {
        insert.bind(10, *task.timeout_seconds);
    } else {
        insert.bind_null(10);
    }
    if (task.not_before) {
        insert.bind(11, to_micros(*task.not_before));
    } else {
        insert.bind_null(11);
    }
    if (task.template_id.empty()) {
        insert.bind_null(12);
    } else {
        insert.bind(12, task.template_id);
    }
    insert.bind(13, fair_key);
    insert.run();
    // Not RETURNING: SQLite builds a scratch table per statement for it, which costs more than the insert.
    task.seq = connection.last_insert_rowid();
    deltas.submitted(task.status, task.service, task.priority);
}

namespace {

// Starts the attempts of those of `seqs` that are in status `from`, appending them to `started`.
void start_attempts_from(Connection& connection, std::span<const std::int64_t> seqs, task::Status from,
                         task::Status running, const std::string& owner, task::Timestamp lease_until,
                         task::Timestamp now, CountDeltas& deltas, std::vector<StartedAttempt>& started) {
    // One statement for the whole batch: cheaper than a statement per row (measured). It returns only what the
    // counts and fences need; the whole rows are read after the commit, outside the writer's lock.
    // started_at records the first attempt's start; attempt_started_at the current one's.
    auto update = connection.prepare(
        "UPDATE tasks SET status = ?2, attempts = attempts + 1, lease_owner = ?3, lease_expires_at = ?4, "
        "started_at = coalesce(started_at, ?5), attempt_started_at = ?5, updated_at = ?5 "
        "WHERE seq IN (SELECT value FROM json_each(?1)) AND status = ?6 "
        "RETURNING seq, task_id, service, priority, attempts");
    update.bind(1, json_array(seqs)).bind(2, task::to_string(running)).bind(3, owner);
    update.bind(4, to_micros(lease_until)).bind(5, to_micros(now)).bind(6, task::to_string(from));
    while (update.step()) {
        auto priority = static_cast<task::Priority>(std::clamp<std::int64_t>(update.int64(3), 0, 2));
        int attempt = static_cast<int>(update.int64(4));
        started.push_back({update.int64(0), update.text(1), update.text(2), priority, attempt});
        deltas.changed(from, running, started.back().service, priority);
    }
}

}  // namespace

std::vector<StartedAttempt> start_attempts(Connection& connection, std::span<const std::int64_t> seqs,
                                           task::Status running, const std::string& owner,
                                           task::Timestamp lease_until, task::Timestamp now, CountDeltas& deltas) {
    std::vector<StartedAttempt> started;
    started.reserve(seqs.size());
    start_attempts_from(connection, seqs, task::Status::queued, running, owner, lease_until, now, deltas, started);
    // The rest are retrying or scheduled tasks whose time has come; only batches that hold some pay for these.
    for (task::Status waited : {task::Status::retrying, task::Status::scheduled}) {
        if (started.size() < seqs.size()) {
            start_attempts_from(connection, seqs, waited, running, owner, lease_until, now, deltas, started);
        }
    }
    std::unordered_map<std::int64_t, std::size_t> order;
    for (std::size_t i = 0; i < seqs.size(); ++i) order.emplace(seqs[i], i);
    std::sort(started.begin(), started.end(),
              [&](const StartedAttempt& a, const StartedAttempt& b) { return order[a.seq] < order[b.seq]; });
    return started;
}

std::vector<std::int64_t> seqs_of(std::span<const StartedAttempt> started) {
    std::vector<std::int64_t> seqs;
    seqs.reserve(started.size());
    for (const StartedAttempt& attempt : started) seqs.push_back(attempt.seq);
    return seqs;
}

void keep_started(std::vector<task::Task>& read, std::span<const StartedAttempt> started, const std::string& owner) {
    std::unordered_map<std::int64_t, int> attempt_of;
    for (const StartedAttempt& attempt : started) attempt_of.emplace(attempt.seq, attempt.attempt);
    std::erase_if(read, [&](const task::Task& task) {
        auto found = attempt_of.find(task.seq);
        return found == attempt_of.end() || task.status != task::Status::running || task.lease_owner != owner ||
               task.attempts != found->second;
    });
}

void write_status(Connection& connection, const TaskState& state, task::Status next, task::Timestamp now,
                  CountDeltas& deltas, const StatusExtras& extras) {
    deltas.changed(state.status, next, state.service, state.priority);
    auto update = connection.prepare(
        "UPDATE tasks SET status = ?2, updated_at = ?3, "
        "finished_at = CASE WHEN ?4 THEN ?3 ELSE finished_at END, "
        "lease_owner = CASE WHEN ?2 = 'running' THEN lease_owner ELSE '' END, "
        "lease_expires_at = CASE WHEN ?2 = 'running' THEN lease_expires_at ELSE NULL END, "
        "result = coalesce(?5, result), not_before = ?6, failures = failures + ?7, "
        "queued_at = CASE WHEN ?2 = 'queued' THEN ?3 ELSE queued_at END WHERE seq = ?1");
    update.bind(1, state.seq).bind(2, task::to_string(next)).bind(3, to_micros(now));
    update.bind(4, task::is_final(next) ? 1 : 0);
    if (extras.result.is_null()) {
        update.bind_null(5);
    } else {
        update.bind(5, extras.result.dump());
    }
    if (extras.not_before) {
        update.bind(6, to_micros(*extras.not_before));
    } else {
        update.bind_null(6);
    }
    update.bind(7, extras.failure ? 1 : 0);
    update.run();
}

void write_resubmitted(Connection& connection, const TaskState& state, task::Timestamp now, CountDeltas& deltas) {
    deltas.changed(state.status, task::Status::queued, state.service, state.priority);
    connection
        .prepare(
            "UPDATE tasks SET status = 'queued', failures = 0, not_before = NULL, result = '{}', cancel_requested = 0, "
            "finished_at = NULL, updated_at = ?2, queued_at = ?2 WHERE seq = ?1")
        .bind(1, state.seq)
        .bind(2, to_micros(now))
        .run();
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
