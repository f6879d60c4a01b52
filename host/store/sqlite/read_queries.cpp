#include "store/sqlite/read_queries.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <stdexcept>

#include "store/sqlite/task_rows.hpp"
#include "task/priority.hpp"
#include "task/status.hpp"

namespace dms::store::sqlite {

std::string encode_cursor(std::int64_t seq) { return "c" + std::to_string(seq); }

std::int64_t decode_cursor(std::string_view cursor) {
    std::int64_t seq = 0;
    if (cursor.size() < 2 || cursor.front() != 'c') throw std::invalid_argument("malformed list cursor");
    const char* first = cursor.data() + 1;
    const char* last = cursor.data() + cursor.size();
    auto [end, error] = std::from_chars(first, last, seq);
    if (error != std::errc() || end != last || seq <= 0) throw std::invalid_argument("malformed list cursor");
    return seq;
}

TaskPage list_tasks(Connection& connection, const ListQuery& query) {
    TaskPage page;
    if (query.limit == 0) return page;
    // Only the filters in use appear in the SQL, so SQLite can pick the matching index for each combination;
    // parameters keep fixed numbers so each combination is one cached statement.
    std::string sql = "SELECT " + kTaskColumns + " FROM tasks WHERE 1";
    if (query.service) sql += " AND service = ?1";
    if (query.user_id) sql += " AND user_id = ?2";
    if (query.status) sql += " AND status = ?3";
    if (query.priority) sql += " AND priority = ?4";
    if (query.cursor) sql += " AND seq < ?5";
    sql += " ORDER BY seq DESC LIMIT ?6";
    std::int64_t limit = static_cast<std::int64_t>(std::min<std::size_t>(query.limit, INT32_MAX));
    {
        auto rows = connection.prepare(sql);
        if (query.service) rows.bind(1, *query.service);
        if (query.user_id) rows.bind(2, *query.user_id);
        if (query.status) rows.bind(3, task::to_string(*query.status));
        if (query.priority) rows.bind(4, static_cast<int>(*query.priority));
        if (query.cursor) rows.bind(5, decode_cursor(*query.cursor));
        rows.bind(6, limit);
        while (rows.step()) page.tasks.push_back(read_task(rows));
    }
    for (task::Task& task : page.tasks) load_logs(connection, task, query.log_tail);
    if (static_cast<std::int64_t>(page.tasks.size()) == limit) page.next_cursor = encode_cursor(page.tasks.back().seq);
    return page;
}

std::vector<std::string> users_of(Connection& connection, std::string_view service) {
    std::vector<std::string> users;
    // Jumps from each user to the next along the (service, user_id) index instead of reading every task of the
    // service: a few probes per user, however many tasks each has.
    auto rows = connection.prepare(
        "WITH RECURSIVE users (user_id) AS ("
        " SELECT min(user_id) FROM tasks WHERE service = ?1"
        " UNION ALL"
        " SELECT (SELECT min(user_id) FROM tasks WHERE service = ?1 AND user_id > users.user_id)"
        " FROM users WHERE users.user_id IS NOT NULL)"
        " SELECT user_id FROM users WHERE user_id IS NOT NULL");
    rows.bind(1, service);
    while (rows.step()) users.push_back(rows.text(0));
    return users;
}

Stats read_stats(Connection& connection) {
    Stats stats;
    for (task::Status status : task::kAllStatuses) stats.by_status[std::string(task::to_string(status))] = 0;
    for (task::Priority priority : task::kAllPriorities) {
        stats.queued_by_priority[std::string(task::to_string(priority))] = 0;
    }
    {
        auto rows = connection.prepare("SELECT status, service, priority, n FROM task_counts WHERE n <> 0");
        while (rows.step()) {
            std::string status = rows.text(0);
            std::int64_t n = rows.int64(3);
            stats.by_status[status] += n;
            auto& service = stats.by_service[rows.text(1)];
            if (service.empty()) {
                for (task::Status each : task::kAllStatuses) service[std::string(task::to_string(each))] = 0;
            }
            service[status] += n;
            if (status == task::to_string(task::Status::queued)) {
                auto priority = static_cast<task::Priority>(rows.int64(2));
                stats.queued_by_priority[std::string(task::to_string(priority))] += n;
            }
        }
    }
    auto totals = connection.prepare(
        "SELECT submitted, dispatched, completed, failed, cancelled, requeued, retried, last_updated FROM stat_totals");
    if (totals.step()) {
        const char* names[] = {"submitted", "dispatched", "completed", "failed", "cancelled", "requeued", "retried"};
        for (int i = 0; i < 7; ++i) stats.totals[names[i]] = totals.int64(i);
        if (auto last = totals.optional_int64(7)) stats.last_updated = from_micros(*last);
    }
    return stats;
}

Blocks read_blocks(Connection& connection) {
    Blocks blocks;
    {
        auto flag = connection.prepare("SELECT value FROM flags WHERE name = 'global_block'");
        blocks.global = flag.step() && flag.int64(0) != 0;
    }
    auto rows = connection.prepare("SELECT user_id FROM blocked_users ORDER BY user_id");
    while (rows.step()) blocks.users.push_back(rows.text(0));
    return blocks;
}

}  // namespace dms::store::sqlite
