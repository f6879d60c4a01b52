// SqliteStore's transactions lent to the other stores of the same database (sqlite_template_store.cpp).
#include "store/sqlite/task_rows.hpp"
#include "store/sqlite_store_transactions.hpp"

namespace dms::store {

void SqliteStore::store_new_task(sqlite::Connection& db, task::Task& task, task::Timestamp now, std::string_view log) {
    // A scheduled task gets its fair key when it becomes due, so it queues among the tasks submitted then.
    std::int64_t fair_key = task.not_before ? 0
                                            : fair_clock_.next_key(static_cast<int>(task.priority), task.user_id,
                                                                   fair_shares_.step(task.user_id));
    sqlite::insert_task(db, task, fair_key, now, count_deltas_);
    sqlite::insert_log(db, task.seq, now, task.logs.empty() ? log : task.logs.front().message);
    QueueKey key{static_cast<int>(task.priority), fair_key, task.seq};
    if (task.status == task::Status::scheduled) {
        delayed_changes_.push_back({DelayedChange::Kind::add, {*task.not_before, task.service, key}});
    } else {
        queue_changes_.push_back({QueueChange::Kind::add, task.service, key});
    }
}

void SqliteStore::write_with_tasks(const std::function<void(sqlite::Connection&, const TaskInserter&)>& body) {
    write([&](sqlite::Connection& db) {
        auto now = task::now();
        TaskInserter insert = [&](task::Task& task) {
            store_new_task(db, task, now, "Task queued");
            task.updated_at = now;
            if (!task.logs.empty()) task.logs = {{now, std::move(task.logs.front().message)}};
            task.log_count = 1;
        };
        body(db, insert);
    });
}

void SqliteStore::read_snapshot(const std::function<void(sqlite::Connection&)>& body) {
    read([&](sqlite::Connection& db) {
        body(db);
        return 0;
    });
}

}  // namespace dms::store
