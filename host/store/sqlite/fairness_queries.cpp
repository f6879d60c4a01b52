#include "store/sqlite/fairness_queries.hpp"

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
