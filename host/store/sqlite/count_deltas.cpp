#include "store/sqlite/count_deltas.hpp"

#include <algorithm>

#include "store/sqlite/task_rows.hpp"

namespace dms::store::sqlite {

void CountDeltas::add(task::Status status, const std::string& service, task::Priority priority, std::int64_t n) {
    counts_[{status, service, priority}] += n;
    touched_ = true;
}

void CountDeltas::submitted(task::Status status, const std::string& service, task::Priority priority) {
    add(status, service, priority, 1);
    ++totals_[submitted_total];
}

void CountDeltas::changed(task::Status from, task::Status to, const std::string& service, task::Priority priority) {
    add(from, service, priority, -1);
    add(to, service, priority, 1);
    if (from == to) return;
    if (to == task::Status::running) ++totals_[dispatched];
    if (from == task::Status::running && to == task::Status::queued) ++totals_[requeued];
    if (to == task::Status::retrying) ++totals_[retried];
    if (to == task::Status::completed) ++totals_[completed];
    if (to == task::Status::failed) ++totals_[failed];
    if (to == task::Status::cancelled) ++totals_[cancelled];
}

void CountDeltas::reprioritized(task::Status status, const std::string& service, task::Priority from,
                                task::Priority to) {
    add(status, service, from, -1);
    add(status, service, to, 1);
}

void CountDeltas::removed(task::Status status, const std::string& service, task::Priority priority) {
    add(status, service, priority, -1);
}

void CountDeltas::write(Connection& connection, task::Timestamp now) {
    if (!touched_) return;
    bool emptied = false;
    for (const auto& [key, n] : counts_) {
        if (n == 0) continue;
        const auto& [status, service, priority] = key;
        connection
            .prepare(
                "INSERT INTO task_counts (status, service, priority, n) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (status, service, priority) DO UPDATE SET n = n + excluded.n")
            .bind(1, task::to_string(status))
            .bind(2, service)
            .bind(3, static_cast<int>(priority))
            .bind(4, n)
            .run();
        emptied = emptied || n < 0;
    }
    // Rows that reached zero go, so that services with no tasks left drop out of the stats.
    if (emptied) connection.prepare("DELETE FROM task_counts WHERE n = 0").run();
    connection
        .prepare(
            "UPDATE stat_totals SET submitted = submitted + ?1, dispatched = dispatched + ?2, "
            "completed = completed + ?3, failed = failed + ?4, cancelled = cancelled + ?5, requeued = requeued + ?6, "
            "retried = retried + ?8, last_updated = ?7")
        .bind(1, totals_[submitted_total])
        .bind(2, totals_[dispatched])
        .bind(3, totals_[completed])
        .bind(4, totals_[failed])
        .bind(5, totals_[cancelled])
        .bind(6, totals_[requeued])
        .bind(7, to_micros(now))
        .bind(8, totals_[retried])
        .run();
    clear();
}

void CountDeltas::clear() {
    counts_.clear();
    totals_.fill(0);
    touched_ = false;
}

}  // namespace dms::store::sqlite
