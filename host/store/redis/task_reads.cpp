#include "store/redis/task_reads.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "store/redis/keys.hpp"
#include "store/redis/task_codec.hpp"
#include "store/store_error.hpp"

namespace dms::store::redis {
namespace {

// Listing cursors are "c<seq>" like the embedded store's: the seq of the last task of the previous page.
std::string encode_cursor(std::int64_t seq) { return "c" + std::to_string(seq); }

std::int64_t decode_cursor(std::string_view cursor) {
    std::int64_t seq = 0;
    if (cursor.size() < 2 || cursor.front() != 'c') throw std::invalid_argument("malformed list cursor");
    auto [end, error] = std::from_chars(cursor.data() + 1, cursor.data() + cursor.size(), seq);
    if (error != std::errc() || end != cursor.data() + cursor.size() || seq <= 0) {
        throw std::invalid_argument("malformed list cursor");
    }
    return seq;
}

// The index a listing walks, and which of the query's filters it already satisfies.
struct IndexChoice {
    std::string key;
    bool covers_service = false;
    bool covers_user = false;
    bool covers_status = false;
};

IndexChoice choose_index(const ListQuery& query) {
    // A user has fewer tasks than a status or a service; running and queued tasks are fewer than a service's.
    if (query.user_id && query.service) return {keys::service_user_index(*query.service, *query.user_id), true, true};
    if (query.user_id) return {keys::user_index(*query.user_id), false, true};
    if (query.status) return {keys::status_index(*query.status), false, false, true};
    if (query.service) return {keys::service_index(*query.service), true};
    return {std::string(keys::kIndex)};
}

// Whether a task's (service, user_id, status, priority), as HMGET read them, passes the filters.
bool passes(const Reply& fields, const ListQuery& query, const IndexChoice& index) {
    if (fields.size() < 4 || fields.at(0).is_nil()) return false;  // deleted since the index was read
    if (query.service && !index.covers_service && fields.at(0).text() != *query.service) return false;
    if (query.user_id && !index.covers_user && fields.at(1).text() != *query.user_id) return false;
    if (query.status && !index.covers_status && fields.at(2).text() != task::to_string(*query.status)) return false;
    if (query.priority && fields.at(3).text() != task::to_string(*query.priority)) return false;
    return true;
}

}  // namespace

std::vector<std::optional<task::Task>> load_tasks(Connection& connection, const std::vector<std::string>& ids,
                                                  std::size_t log_tail, bool with_attempts) {
    if (ids.empty()) return {};
    const std::string tail = "-" + std::to_string(std::max<std::size_t>(log_tail, 1));
    std::vector<Command> commands{{"MULTI"}};
    for (const std::string& id : ids) {
        commands.push_back({"HGETALL", keys::task(id)});
        commands.push_back({"LLEN", keys::logs(id)});
        if (log_tail > 0) commands.push_back({"LRANGE", keys::logs(id), tail, "-1"});
        if (with_attempts) commands.push_back({"LRANGE", keys::attempts(id), "0", "-1"});
    }
    commands.push_back({"EXEC"});
    std::vector<Reply> replies = connection.pipeline(commands);
    for (const Reply& reply : replies) checked(reply, connection.address());
    const Reply& results = replies.back();
    std::size_t per_task = 2 + (log_tail > 0 ? 1 : 0) + (with_attempts ? 1 : 0);
    if (results.size() != ids.size() * per_task) throw StoreError("redis: a read transaction was aborted");
    std::vector<std::optional<task::Task>> tasks;
    tasks.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        std::size_t at = i * per_task;
        Reply fields = results.at(at++);
        if (fields.size() == 0) {
            tasks.emplace_back();
            continue;
        }
        task::Task task = codec::task_from_fields(fields);
        task.log_count = results.at(at++).integer();
        if (log_tail > 0) {
            Reply lines = results.at(at++);
            for (std::size_t line = 0; line < lines.size(); ++line) {
                task.logs.push_back(codec::log_entry(lines.at(line).text()));
            }
        }
        if (with_attempts) {
            Reply attempts = results.at(at++);
            for (std::size_t entry = 0; entry < attempts.size(); ++entry) {
                task.attempt_history.push_back(codec::attempt_record(attempts.at(entry).text()));
            }
        }
        tasks.push_back(std::move(task));
    }
    return tasks;
}

TaskPage list_tasks(Connection& connection, const ListQuery& query) {
    TaskPage page;
    if (query.limit == 0) return page;
    std::optional<std::int64_t> after;
    if (query.cursor) after = decode_cursor(*query.cursor);
    IndexChoice index = choose_index(query);
    bool filtered = (query.service && !index.covers_service) || (query.user_id && !index.covers_user) ||
                    (query.status && !index.covers_status) || query.priority;
    std::vector<std::string> ids;
    std::int64_t last_seq = 0;
    std::string upper = after ? "(" + std::to_string(*after) : "+inf";
    while (ids.size() < query.limit) {
        std::size_t wanted = query.limit - ids.size();
        // Unfiltered, the index gives exactly the page; filtered, read ahead in chunks to save round trips.
        std::size_t chunk = filtered ? std::clamp<std::size_t>(wanted, 64, 1000) : std::min<std::size_t>(wanted, 1000);
        Reply entries = connection.call(
            {"ZREVRANGEBYSCORE", index.key, upper, "-inf", "WITHSCORES", "LIMIT", "0", std::to_string(chunk)});
        std::size_t read = entries.size() / 2;
        if (read == 0) break;
        std::vector<Reply> fields;
        if (filtered) {
            std::vector<Command> commands;
            for (std::size_t i = 0; i < read; ++i) {
                commands.push_back(
                    {"HMGET", keys::task(entries.at(2 * i).text()), "service", "user_id", "status", "priority"});
            }
            fields = connection.pipeline(commands);
        }
        for (std::size_t i = 0; i < read && ids.size() < query.limit; ++i) {
            last_seq = entries.at(2 * i + 1).integer();
            if (filtered && !passes(checked(fields[i], connection.address()), query, index)) continue;
            ids.push_back(entries.at(2 * i).str());
        }
        upper = "(" + std::to_string(last_seq);
        if (read < chunk) break;
    }
    for (auto& task : load_tasks(connection, ids, query.log_tail)) {
        if (task) page.tasks.push_back(std::move(*task));
    }
    // Full by the index: more may follow, even if a task of this page was deleted meanwhile.
    if (ids.size() == query.limit) page.next_cursor = encode_cursor(last_seq);
    return page;
}

}  // namespace dms::store::redis
