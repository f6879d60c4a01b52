#include "store/sqlite/task_writes.hpp"

#include <algorithm>

#include "store/sqlite/task_rows.hpp"
#include "task/status.hpp"

namespace dms::store::sqlite {

std::optional<TaskState> find_state(Connection& connection, std::string_view task_id) {
    auto row = connection.prepare("SELECT seq, status, attempts, cancel_requested FROM tasks WHERE task_id = ?1");
    row.bind(1, task_id);
    if (!row.step()) return std::nullopt;
    return TaskState{row.int64(0), task::parse_status(row.text(1)).value_or(task::Status::failed),
                     static_cast<int>(row.int64(2)), row.int64(3) != 0};
}

void insert_task(Connection& connection, task::Task& task, task::Timestamp now) {
    auto insert = connection.prepare(
        "INSERT INTO tasks (task_id, service, user_id, parameters, priority, status, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind(1, task.task_id).bind(2, task.service).bind(3, task.user_id).bind(4, task.parameters.dump());
    insert.bind(5, static_cast<int>(task.priority)).bind(6, task::to_string(task::Status::queued));
    insert.bind(7, to_micros(task.created_at)).bind(8, to_micros(now));
    insert.run();
    // Not RETURNING: SQLite builds a scratch table per statement for it, which costs more than the insert.
    task.seq = connection.last_insert_rowid();
}

std::optional<std::int64_t> queue_head(Connection& connection, std::span<const std::string> services) {
    // One indexed probe per service, then the best of them: cheap however long the other services' queues are.
    std::optional<std::pair<std::int64_t, std::int64_t>> best;  // (priority, seq)
    for (const std::string& service : services) {
        auto head = connection.prepare(
            "SELECT priority, seq FROM tasks WHERE status = 'queued' AND service = ?1 ORDER BY priority, seq LIMIT 1");
        head.bind(1, service);
        if (!head.step()) continue;
        std::pair candidate{head.int64(0), head.int64(1)};
        if (!best || candidate < *best) best = candidate;
    }
    if (!best) return std::nullopt;
    return best->second;
}

std::vector<std::int64_t> queue_heads(Connection& connection, std::span<const std::string> services,
                                      const std::map<std::string, std::size_t, std::less<>>& caps, std::size_t max) {
    // The first few of each service by its own index, merged: as cheap as queue_head, per task taken.
    std::vector<std::pair<std::int64_t, std::int64_t>> candidates;  // (priority, seq)
    for (const std::string& service : services) {
        auto cap = caps.find(service);
        std::size_t most = cap == caps.end() ? max : std::min(max, cap->second);
        if (most == 0) continue;
        auto heads = connection.prepare(
            "SELECT priority, seq FROM tasks WHERE status = 'queued' AND service = ?1 ORDER BY priority, seq LIMIT ?2");
        heads.bind(1, service).bind(2, static_cast<std::int64_t>(most));
        while (heads.step()) candidates.emplace_back(heads.int64(0), heads.int64(1));
    }
    std::sort(candidates.begin(), candidates.end());
    if (candidates.size() > max) candidates.resize(max);
    std::vector<std::int64_t> seqs;
    for (const auto& candidate : candidates) seqs.push_back(candidate.second);
    return seqs;
}

void start_attempt(Connection& connection, std::int64_t seq, task::Status running, const std::string& owner,
                   task::Timestamp lease_until, task::Timestamp now) {
    // started_at records the first attempt's start; later attempts show up in the log.
    connection
        .prepare(
            "UPDATE tasks SET status = ?2, attempts = attempts + 1, lease_owner = ?3, lease_expires_at = ?4, "
            "started_at = coalesce(started_at, ?5), updated_at = ?5 WHERE seq = ?1")
        .bind(1, seq)
        .bind(2, task::to_string(running))
        .bind(3, owner)
        .bind(4, to_micros(lease_until))
        .bind(5, to_micros(now))
        .run();
}

void write_status(Connection& connection, std::int64_t seq, task::Status next, task::Timestamp now,
                  const nlohmann::json& result) {
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

void mark_cancel_requested(Connection& connection, std::int64_t seq, task::Timestamp now) {
    connection.prepare("UPDATE tasks SET cancel_requested = 1, updated_at = ?2 WHERE seq = ?1")
        .bind(1, seq)
        .bind(2, to_micros(now))
        .run();
}

}  // namespace dms::store::sqlite
