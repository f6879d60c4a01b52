#include "store/sqlite/fairness_queries.hpp"

#include "store/sqlite/task_rows.hpp"

namespace dms::store::sqlite {
namespace {

constexpr std::string_view kPausedPrefix = "paused_service:";

}  // namespace

std::vector<std::string> read_paused_services(Connection& connection) {
    std::vector<std::string> services;
    // The prefix as a range on the primary key: ':' + 1 is ';'.
    auto rows = connection.prepare(
        "SELECT substr(name, 16) FROM flags WHERE name >= 'paused_service:' AND name < 'paused_service;' "
        "AND value != 0 ORDER BY name");
    while (rows.step()) services.push_back(rows.text(0));
    return services;
}

void write_service_paused(Connection& connection, std::string_view service, bool paused) {
    std::string name = std::string(kPausedPrefix) + std::string(service);
    auto sql = paused ? "INSERT OR REPLACE INTO flags (name, value) VALUES (?1, 1)" : "DELETE FROM flags WHERE name = ?1";
    connection.prepare(sql).bind(1, name).run();
}

std::int64_t running_in_service(Connection& connection, std::string_view service) {
    // Running tasks are few (no more than the workers of every host): tasks_by_status finds them.
    auto count = connection.prepare("SELECT count(*) FROM tasks WHERE status = 'running' AND service = ?1");
    count.bind(1, service);
    return count.step() ? count.int64(0) : 0;
}

std::map<std::string, std::int64_t, std::less<>> running_by_user(Connection& connection, std::string_view service) {
    std::map<std::string, std::int64_t, std::less<>> counts;
    auto rows = connection.prepare(
        "SELECT user_id, count(*) FROM tasks WHERE status = 'running' AND service = ?1 GROUP BY user_id");
    rows.bind(1, service);
    while (rows.step()) counts[rows.text(0)] = rows.int64(1);
    return counts;
}

std::string user_of(Connection& connection, std::int64_t seq) {
    auto row = connection.prepare("SELECT user_id FROM tasks WHERE seq = ?1");
    row.bind(1, seq);
    return row.step() ? row.text(0) : std::string();
}

}  // namespace dms::store::sqlite

namespace dms::store::sqlite {

std::array<std::int64_t, 3> read_fair_clocks(Connection& connection) {
    std::array<std::int64_t, 3> clocks{};
    auto rows = connection.prepare("SELECT priority, clock FROM fair_clocks WHERE priority BETWEEN 0 AND 2");
    while (rows.step()) clocks[static_cast<std::size_t>(rows.int64(0))] = rows.int64(1);
    return clocks;
}

void write_fair_clock(Connection& connection, int priority, std::int64_t clock) {
    connection.prepare("INSERT INTO fair_clocks (priority, clock) VALUES (?1, ?2) "
                       "ON CONFLICT (priority) DO UPDATE SET clock = max(clock, excluded.clock)")
        .bind(1, priority)
        .bind(2, clock)
        .run();
}

void write_fair_key(Connection& connection, std::int64_t seq, std::int64_t fair_key, task::Timestamp now) {
    connection.prepare("UPDATE tasks SET fair_key = ?2, queued_at = ?3 WHERE seq = ?1")
        .bind(1, seq)
        .bind(2, fair_key)
        .bind(3, to_micros(now))
        .run();
}

void write_due_fair_key(Connection& connection, std::int64_t seq, std::int64_t fair_key) {
    connection.prepare("UPDATE tasks SET fair_key = ?2 WHERE seq = ?1").bind(1, seq).bind(2, fair_key).run();
}

task::Timestamp waiting_since(Connection& connection, std::int64_t seq) {
    auto row = connection.prepare(
        "SELECT CASE WHEN status IN ('retrying', 'scheduled') THEN not_before END, queued_at, created_at "
        "FROM tasks WHERE seq = ?1");
    row.bind(1, seq);
    if (!row.step()) return task::Timestamp::max();
    for (int column = 0; column < 3; ++column) {
        if (!row.is_null(column)) return from_micros(row.int64(column));
    }
    return task::Timestamp::max();
}

}  // namespace dms::store::sqlite
