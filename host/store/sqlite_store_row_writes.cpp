// SqliteStore's single-statement writes: fenced updates from running attempts, deletions, blocks and expiry.
// Split from sqlite_store.cpp, which holds the multi-statement transactions, to keep each file short.
#include "store/sqlite_store.hpp"

#include <algorithm>
#include <cstdint>

#include "store/sqlite/read_queries.hpp"
#include "store/sqlite/task_rows.hpp"
#include "store/sqlite_store_transactions.hpp"

namespace dms::store {

using sqlite::Connection;

namespace {

// The fenced single-statement writes: each changes exactly one row when the attempt is current.
bool fenced(Connection& connection, const std::string& sql, const Fence& fence, auto&&... values) {
    auto statement = connection.prepare(sql);
    statement.bind(1, fence.task_id).bind(2, fence.attempt);
    int index = 3;
    (statement.bind(index++, values), ...);
    statement.run();
    return connection.changes() == 1;
}

}  // namespace

bool SqliteStore::renew_lease(const Fence& fence, task::Timestamp lease_until) {
    std::lock_guard lock(write_mutex_);
    use_sync(Sync::relaxed);
    return fenced(writer_,
                  "UPDATE tasks SET lease_expires_at = ?3 WHERE task_id = ?1 AND attempts = ?2 AND status = 'running'",
                  fence, sqlite::to_micros(lease_until));
}

std::vector<std::string> SqliteStore::cancel_requested_among(std::span<const std::string> task_ids) {
    return read([&](sqlite::Connection& db) {
        std::vector<std::string> asked;
        for (const auto& id : task_ids) {
            auto row = db.prepare("SELECT 1 FROM tasks WHERE task_id = ?1 AND status = 'running' AND cancel_requested = 1");
            if (row.bind(1, id).step()) asked.push_back(id);
        }
        return asked;
    });
}

bool SqliteStore::append_log(const Fence& fence, std::string_view message) {
    std::lock_guard lock(write_mutex_);
    use_sync(Sync::relaxed);
    return fenced(writer_,
                  "INSERT INTO task_logs (task_seq, at, message) SELECT seq, ?3, ?4 FROM tasks "
                  "WHERE task_id = ?1 AND attempts = ?2 AND status = 'running'",
                  fence, sqlite::to_micros(task::now()), message);
}

bool SqliteStore::update_progress(const Fence& fence, const task::Progress& progress) {
    return write([&](Connection& db) {
        bool current = fenced(
            db,
            "UPDATE tasks SET progress_done = ?3, progress_total = ?4, progress_unit = ?5, progress_message = ?6, "
            "updated_at = ?7 WHERE task_id = ?1 AND attempts = ?2 AND status = 'running'",
            fence, progress.done, progress.total, progress.unit, progress.message, sqlite::to_micros(task::now()));
        if (current) count_deltas_.touched();
        return current;
    }, Sync::relaxed);
}

bool SqliteStore::save_checkpoint(const Fence& fence, std::string_view cursor) {
    return write([&](Connection& db) {
        bool current = fenced(db,
                              "UPDATE tasks SET checkpoint = ?3, updated_at = ?4 "
                              "WHERE task_id = ?1 AND attempts = ?2 AND status = 'running'",
                              fence, cursor, sqlite::to_micros(task::now()));
        if (current) count_deltas_.touched();
        return current;
    });
}

bool SqliteStore::remove(std::string_view task_id) {
    return write([&](Connection& db) {
        // Logs go by cascade.
        auto deleted =
            db.prepare("DELETE FROM tasks WHERE task_id = ?1 RETURNING status, priority, service, seq, fair_key");
        deleted.bind(1, task_id);
        if (!deleted.step()) return false;
        forget(deleted);
        while (deleted.step()) {
        }
        return true;
    });
}

void SqliteStore::set_global_block(bool blocked) {
    std::lock_guard lock(write_mutex_);
    use_sync(Sync::full);
    writer_.prepare("UPDATE flags SET value = ?1 WHERE name = 'global_block'").bind(1, blocked ? 1 : 0).run();
    refresh_blocks();
}

void SqliteStore::set_user_block(std::string_view user_id, bool blocked) {
    std::lock_guard lock(write_mutex_);
    use_sync(Sync::full);
    auto sql = blocked ? "INSERT OR IGNORE INTO blocked_users (user_id) VALUES (?1)"
                       : "DELETE FROM blocked_users WHERE user_id = ?1";
    writer_.prepare(sql).bind(1, user_id).run();
    refresh_blocks();
}

void SqliteStore::refresh_blocks() {
    Blocks now = sqlite::read_blocks(writer_);
    std::lock_guard lock(blocks_mutex_);
    blocks_ = std::move(now);
}

std::size_t SqliteStore::expire_finished(task::Timestamp cutoff, std::size_t max_tasks) {
    if (max_tasks == 0) return 0;
    return write([&](Connection& db) {
        auto deleted = db.prepare(
            "DELETE FROM tasks WHERE seq IN (SELECT seq FROM tasks INDEXED BY tasks_finished "
            "WHERE finished_at < ?1 AND status IN ('completed', 'failed', 'cancelled') ORDER BY finished_at LIMIT ?2) "
            "RETURNING status, priority, service, seq, fair_key");
        deleted.bind(1, sqlite::to_micros(cutoff));
        deleted.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(max_tasks, INT32_MAX)));
        std::size_t removed = 0;
        for (; deleted.step(); ++removed) forget(deleted);
        return removed;
    });
}

void SqliteStore::forget(const sqlite::Statement& deleted) {
    auto status = task::parse_status(deleted.text(0)).value_or(task::Status::failed);
    auto priority = static_cast<task::Priority>(std::clamp<std::int64_t>(deleted.int64(1), 0, 2));
    std::string service = deleted.text(2);
    count_deltas_.removed(status, service, priority);
    stop_waiting({deleted.int64(3), status, 0, false, priority, std::move(service), std::nullopt, {}, deleted.int64(4)});
}

}  // namespace dms::store
