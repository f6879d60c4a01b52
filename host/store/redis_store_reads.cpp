// RedisStore's reads (on the read server, which may be a replica), fenced single-task writes and blocks.
#include <algorithm>

#include "store/redis/keys.hpp"
#include "store/redis/task_codec.hpp"
#include "store/redis/task_reads.hpp"
#include "store/redis_store.hpp"
#include "store/store_error.hpp"

namespace dms::store {

namespace codec = redis::codec;
namespace keys = redis::keys;
using redis::Connection;

std::optional<task::Task> RedisStore::get(std::string_view task_id, std::size_t log_tail) {
    return reader_.run([&](Connection& connection) {
        return std::move(redis::load_tasks(connection, {std::string(task_id)}, log_tail, true).front());
    });
}

std::optional<std::int64_t> RedisStore::queue_position(std::string_view task_id) {
    std::string id(task_id);
    return reader_.run([&](Connection& connection) -> std::optional<std::int64_t> {
        // One snapshot: the task's rank in each priority's queue, and the sizes of every queue.
        std::vector<redis::Command> commands{{"MULTI"}};
        for (task::Priority priority : task::kAllPriorities) commands.push_back({"ZRANK", keys::queue(priority), id});
        for (task::Priority priority : task::kAllPriorities) commands.push_back({"ZCARD", keys::queue(priority)});
        commands.push_back({"EXEC"});
        auto replies = connection.pipeline(commands);
        redis::Reply results = redis::checked(replies.back(), connection.address());
        constexpr std::size_t kPriorities = std::size(task::kAllPriorities);
        std::int64_t ahead = 0;
        for (std::size_t p = 0; p < kPriorities; ++p) {
            redis::Reply rank = results.at(p);
            if (!rank.is_nil()) return ahead + rank.integer();
            ahead += results.at(kPriorities + p).integer();  // every task of a higher priority comes first
        }
        return std::nullopt;
    });
}

TaskPage RedisStore::list(const ListQuery& query) {
    return reader_.run([&](Connection& connection) { return redis::list_tasks(connection, query); });
}

std::vector<std::string> RedisStore::users_of(std::string_view service) {
    redis::Reply names = reader_.run([&](Connection& connection) {
        return connection.call({"HKEYS", keys::users(service)});
    });
    std::vector<std::string> users;
    users.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) users.push_back(names.at(i).str());
    std::sort(users.begin(), users.end());
    return users;
}

Stats RedisStore::stats() {
    return codec::stats_from_fields(reader_.run([](Connection& connection) {
        return connection.call({"HGETALL", keys::kStats});
    }));
}

Blocks RedisStore::blocks() {
    return reader_.run([](Connection& connection) {
        auto replies = connection.pipeline(
            {{"MULTI"}, {"GET", std::string(keys::kBlockAll)}, {"SMEMBERS", std::string(keys::kBlockUsers)}, {"EXEC"}});
        redis::Reply results = redis::checked(replies.back(), connection.address());
        Blocks blocks;
        blocks.global = results.at(0).text() == "1";
        redis::Reply users = results.at(1);
        for (std::size_t i = 0; i < users.size(); ++i) blocks.users.push_back(users.at(i).str());
        std::sort(blocks.users.begin(), blocks.users.end());
        return blocks;
    });
}

void RedisStore::set_global_block(bool blocked) {
    writer_.run([&](Connection& connection) {
        if (blocked) {
            connection.call({"SET", keys::kBlockAll, "1"});
        } else {
            connection.call({"DEL", keys::kBlockAll});
        }
    });
}

void RedisStore::set_user_block(std::string_view user_id, bool blocked) {
    writer_.run([&](Connection& connection) {
        connection.call({blocked ? "SADD" : "SREM", keys::kBlockUsers, user_id});
    });
}

bool RedisStore::healthy() {
    auto answers = [](redis::ConnectionPool& pool) {
        try {
            return pool.run([](Connection& connection) { return connection.call({"PING"}).text() == "PONG"; });
        } catch (const StoreError&) {
            return false;
        }
    };
    return answers(writer_) && answers(reader_);
}

bool RedisStore::fenced_write(const Fence& fence, std::vector<std::string> fields, std::optional<std::string_view> log,
                              std::optional<task::Timestamp> lease_until, bool touch) {
    std::vector<std::string> args{
        fence.task_id,    std::to_string(fence.attempt), codec::micros(task::now()),
        log ? "1" : "0",  std::string(log.value_or("")), lease_until ? codec::micros(*lease_until) : "",
        touch ? "1" : "0"};
    args.insert(args.end(), std::make_move_iterator(fields.begin()), std::make_move_iterator(fields.end()));
    return run(scripts_.fenced_write, args).integer() == 1;
}

bool RedisStore::renew_lease(const Fence& fence, task::Timestamp lease_until) {
    return fenced_write(fence, {}, std::nullopt, lease_until, false);
}

std::vector<std::string> RedisStore::cancel_requested_among(std::span<const std::string> task_ids) {
    if (task_ids.empty()) return {};
    std::vector<redis::Command> commands;
    commands.reserve(task_ids.size());
    for (const auto& id : task_ids) commands.push_back({"HMGET", keys::task(id), "status", "cancel_requested"});
    // From the writer: a replica a moment behind would delay the cancel by a whole check.
    return writer_.run([&](Connection& connection) {
        auto replies = connection.pipeline(commands);
        std::vector<std::string> asked;
        for (std::size_t i = 0; i < task_ids.size(); ++i) {
            redis::Reply fields = redis::checked(replies.at(i), connection.address());
            if (fields.at(0).text() == task::to_string(task::Status::running) && fields.at(1).text() == "1") {
                asked.push_back(task_ids[i]);
            }
        }
        return asked;
    });
}

bool RedisStore::append_log(const Fence& fence, std::string_view message) {
    return fenced_write(fence, {}, message, std::nullopt, false);
}

bool RedisStore::update_progress(const Fence& fence, const task::Progress& progress) {
    return fenced_write(fence,
                        {"progress_done", codec::number(progress.done), "progress_total", codec::number(progress.total),
                         "progress_unit", progress.unit, "progress_message", progress.message},
                        std::nullopt, std::nullopt, true);
}

bool RedisStore::save_checkpoint(const Fence& fence, std::string_view cursor) {
    return fenced_write(fence, {"checkpoint", std::string(cursor)}, std::nullopt, std::nullopt, true);
}

}  // namespace dms::store
