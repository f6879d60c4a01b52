#include "store/sqlite/task_rows.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <unordered_map>

#include "store/sqlite/task_writes.hpp"
#include "task/priority.hpp"
#include "task/status.hpp"

namespace dms::store::sqlite {

const std::string kTaskColumns =
    "seq, task_id, service, user_id, parameters, priority, status, cancel_requested, result, progress_done, "
    "progress_total, progress_unit, progress_message, attempts, checkpoint, lease_owner, lease_expires_at, "
    "created_at, updated_at, started_at, finished_at, max_retries, failures, timeout_seconds, not_before, "
    "attempt_started_at, template_id";

std::int64_t to_micros(task::Timestamp time) { return time.time_since_epoch().count(); }

task::Timestamp from_micros(std::int64_t micros) { return task::Timestamp(std::chrono::microseconds(micros)); }

std::optional<std::int64_t> to_micros(const std::optional<task::Timestamp>& time) {
    if (!time) return std::nullopt;
    return to_micros(*time);
}

namespace {

std::optional<task::Timestamp> optional_time(const Statement& row, int column) {
    auto micros = row.optional_int64(column);
    if (!micros) return std::nullopt;
    return from_micros(*micros);
}

}  // namespace

task::Task read_task(const Statement& row) {
    task::Task task;
    task.seq = row.int64(0);
    task.task_id = row.text(1);
    task.service = row.text(2);
    task.user_id = row.text(3);
    task.parameters = nlohmann::json::parse(row.text(4));
    task.priority = static_cast<task::Priority>(std::clamp<std::int64_t>(row.int64(5), 0, 2));
    task.status = task::parse_status(row.text(6)).value_or(task::Status::failed);
    task.cancel_requested = row.int64(7) != 0;
    task.result = nlohmann::json::parse(row.text(8));
    task.progress = {row.real(9), row.real(10), row.text(11), row.text(12)};
    task.attempts = static_cast<int>(row.int64(13));
    task.checkpoint = row.text(14);
    task.lease_owner = row.text(15);
    task.lease_expires_at = optional_time(row, 16);
    task.created_at = from_micros(row.int64(17));
    task.updated_at = from_micros(row.int64(18));
    task.started_at = optional_time(row, 19);
    task.finished_at = optional_time(row, 20);
    task.max_retries = static_cast<int>(row.int64(21));
    task.failures = static_cast<int>(row.int64(22));
    if (!row.is_null(23)) task.timeout_seconds = row.real(23);
    // The columns keep their last value; they mean something only in the status they belong to.
    if (task::waits_for_time(task.status)) task.not_before = optional_time(row, 24);
    if (task.status == task::Status::running) task.attempt_started_at = optional_time(row, 25);
    if (!row.is_null(26)) task.template_id = row.text(26);
    return task;
}

namespace {

// The task whose `column` equals `key`, with its latest `log_tail` log lines. `select` is "SELECT kTaskColumns
// FROM tasks WHERE <column> = ?1", built once by the caller: a statement is found by its text on every call.
template <class Key>
std::optional<task::Task> find_task_by(Connection& connection, const std::string& select, const Key& key,
                                       std::size_t log_tail) {
    std::optional<task::Task> task;
    {
        auto row = connection.prepare(select);
        row.bind(1, key);
        if (row.step()) task = read_task(row);
    }
    if (task) {
        load_logs(connection, *task, log_tail);
        load_attempts(connection, *task);
    }
    return task;
}

}  // namespace

std::optional<task::Task> find_task(Connection& connection, std::string_view task_id, std::size_t log_tail) {
    static const std::string select = "SELECT " + kTaskColumns + " FROM tasks WHERE task_id = ?1";
    return find_task_by(connection, select, task_id, log_tail);
}

std::optional<task::Task> find_task(Connection& connection, std::int64_t seq, std::size_t log_tail) {
    static const std::string select = "SELECT " + kTaskColumns + " FROM tasks WHERE seq = ?1";
    return find_task_by(connection, select, seq, log_tail);
}

std::vector<task::Task> find_tasks(Connection& connection, std::span<const std::int64_t> seqs,
                                   std::vector<UnreadableRow>& unreadable) {
    static const std::string select =
        "SELECT " + kTaskColumns + " FROM tasks WHERE seq IN (SELECT value FROM json_each(?1))";
    std::unordered_map<std::int64_t, task::Task> found;
    found.reserve(seqs.size());
    auto rows = connection.prepare(select);
    rows.bind(1, json_array(seqs));
    while (rows.step()) {
        try {
            task::Task task = read_task(rows);
            found.emplace(task.seq, std::move(task));
        } catch (const std::exception& error) {
            unreadable.push_back({rows.int64(0), error.what()});
        }
    }
    std::vector<task::Task> tasks;
    tasks.reserve(found.size());
    for (std::int64_t seq : seqs) {
        if (auto it = found.find(seq); it != found.end()) tasks.push_back(std::move(it->second));
    }
    return tasks;
}

void load_logs(Connection& connection, task::Task& task, std::size_t log_tail) {
    task.logs.clear();
    task.log_count = 0;
    if (log_tail > 0) {
        // The count comes with the lines: an uncorrelated subquery runs once, over the index alone. The newest
        // lines come first and are put in order here: an outer ORDER BY would build a temporary B-tree each call.
        static const std::string tail =
            "SELECT at, message, (SELECT count(*) FROM task_logs WHERE task_seq = ?1) FROM task_logs "
            "WHERE task_seq = ?1 ORDER BY id DESC LIMIT ?2";
        auto rows = connection.prepare(tail);
        rows.bind(1, task.seq).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(log_tail, INT32_MAX)));
        while (rows.step()) {
            task.logs.push_back({from_micros(rows.int64(0)), rows.text(1)});
            task.log_count = rows.int64(2);
        }
        std::reverse(task.logs.begin(), task.logs.end());
        if (!task.logs.empty()) return;
    }
    static const std::string count_lines = "SELECT count(*) FROM task_logs WHERE task_seq = ?1";
    auto count = connection.prepare(count_lines);
    count.bind(1, task.seq);
    count.step();
    task.log_count = count.int64(0);
}

void load_attempts(Connection& connection, task::Task& task) {
    task.attempt_history.clear();
    static const std::string select =
        "SELECT number, host, outcome, started_at, finished_at, error FROM task_attempts WHERE task_seq = ?1 "
        "ORDER BY number";
    auto rows = connection.prepare(select);
    rows.bind(1, task.seq);
    while (rows.step()) {
        task.attempt_history.push_back({static_cast<int>(rows.int64(0)), rows.text(1), rows.text(2),
                                        optional_time(rows, 3), from_micros(rows.int64(4)), rows.text(5)});
    }
}

void insert_log(Connection& connection, std::int64_t seq, task::Timestamp at, std::string_view message) {
    connection.prepare("INSERT INTO task_logs (task_seq, at, message) VALUES (?1, ?2, ?3)")
        .bind(1, seq)
        .bind(2, to_micros(at))
        .bind(3, message)
        .run();
}

}  // namespace dms::store::sqlite
