// RedisStore's changes: each is one Lua script on the primary (store/redis/store_scripts.cpp).
#include "store/redis_store.hpp"

#include <charconv>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include <spdlog/spdlog.h>

#include "store/redis/keys.hpp"
#include "store/redis/task_codec.hpp"
#include "store/store_error.hpp"

namespace dms::store {

namespace codec = redis::codec;

namespace {

// Logged after the caller's line when a requeue or a retry becomes a cancel because a cancel was requested meanwhile.
constexpr std::string_view kCancelledInsteadOfRequeued = "Task cancelled: a cancel was requested before requeue";
constexpr std::string_view kCancelledInsteadOfRetried = "Task cancelled: a cancel was requested before retry";

// What an ended attempt's record gives as its error: the result's "error" when it is a string.
std::string error_of(const nlohmann::json& result) {
    if (!result.is_object()) return "";
    auto error = result.find("error");
    return error != result.end() && error->is_string() ? error->get<std::string>() : "";
}

redis::PoolOptions pool_options(const redis::Url& url, const RedisStoreOptions& options) {
    return {url, options.connect_timeout, options.command_timeout, options.max_idle_connections};
}

}  // namespace

RedisStore::RedisStore(RedisStoreOptions options)
    : writer_(pool_options(options.write, options)),
      reader_(pool_options(options.read.value_or(options.write), options)) {}

redis::Reply RedisStore::run(const redis::Script& script, const std::vector<std::string>& args) {
    return writer_.run([&](redis::Connection& connection) { return script.run(connection, {}, args); });
}

std::vector<SubmitRefusal> RedisStore::submit(std::span<task::Task> tasks, std::string_view log) {
    std::vector<SubmitRefusal> refusals(tasks.size(), SubmitRefusal::none);
    if (tasks.empty()) return refusals;
    auto now = task::now();
    std::string at = codec::micros(now);
    std::vector<std::string> args{at, std::string(log), std::to_string(tasks.size())};
    args.reserve(3 + tasks.size() * 11);
    for (const task::Task& task : tasks) {
        if (task.task_id == redis::keys::kReservedTaskId) {
            throw StoreError("redis: the task id '" + task.task_id + "' is reserved by the key layout");
        }
        args.insert(args.end(), {task.task_id, task.service, task.user_id, task.parameters.dump(),
                                 std::string(task::to_string(task.priority)), codec::micros(task.created_at),
                                 std::to_string(task.max_retries),
                                 task.timeout_seconds ? codec::number(*task.timeout_seconds) : "",
                                 task.logs.empty() ? std::string() : task.logs.front().message,
                                 task.not_before ? codec::micros(*task.not_before) : "",
                                 std::to_string(fair_shares_.step(task.user_id))});
    }
    redis::Reply reply;
    try {
        reply = run(scripts_.submit, args);
    } catch (...) {
        for (task::Task& task : tasks) task.seq = 0;  // none of them got a place
        throw;
    }
    std::int64_t seq = reply.at(0).integer();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        task::Task& task = tasks[i];
        refusals[i] = static_cast<SubmitRefusal>(reply.at(i + 1).integer());
        if (refusals[i] != SubmitRefusal::none) {
            task.seq = 0;
            continue;
        }
        task.seq = seq++;
        task.status = task.not_before ? task::Status::scheduled : task::Status::queued;
        task.failures = 0;
        task.updated_at = now;
        task.logs = {{now, task.logs.empty() ? std::string(log) : std::move(task.logs.front().message)}};
        task.log_count = 1;
    }
    return refusals;
}

std::optional<task::Task> RedisStore::lease_next(const LeaseRequest& request, std::string_view log) {
    auto tasks = lease_batch(request, 1, log);
    if (tasks.empty()) return std::nullopt;
    return std::move(tasks.front());
}

std::vector<task::Task> RedisStore::lease_batch(const LeaseRequest& request, std::size_t max, std::string_view log) {
    if (max == 0 || request.services.empty()) return {};
    std::vector<std::string> args{codec::micros(task::now()),
                                  codec::micros(request.now),
                                  request.host_id,
                                  codec::micros(request.lease_until),
                                  std::string(log),
                                  std::to_string(max),
                                  std::to_string(request.services.size())};
    args.insert(args.end(), request.services.begin(), request.services.end());
    args.push_back(std::to_string(request.most_per_service.size()));
    for (const auto& [service, cap] : request.most_per_service) {
        args.push_back(service);
        args.push_back(std::to_string(cap));
    }
    // Bounded wait: each bounded priority with the time before which its tasks have waited too long.
    args.push_back(std::to_string(request.max_wait.size()));
    for (const auto& [priority, bound] : request.max_wait) {
        args.push_back(std::string(task::to_string(priority)));
        args.push_back(codec::micros(request.now - bound));
    }
    for (const auto& [service, caps] : request.running_caps) {
        args.insert(args.end(), {service, std::to_string(caps.service), std::to_string(caps.per_user)});
    }
    std::vector<FinishRequest> unreadable;
    auto tasks = writer_.run([&](redis::Connection& connection) {
        redis::Reply leased = scripts_.lease.run(connection, {}, args);
        std::vector<redis::Command> reads;
        reads.reserve(leased.size());
        for (std::size_t i = 0; i < leased.size(); ++i) {
            reads.push_back({"HGETALL", redis::keys::task(leased.at(i).text())});
        }
        std::vector<task::Task> tasks;
        tasks.reserve(reads.size());
        std::size_t index = 0;
        for (redis::Reply& fields : connection.pipeline(reads)) {
            std::string task_id(leased.at(index++).text());
            redis::Reply hash = redis::checked(std::move(fields), connection.address());
            // Deleted by an operator since its lease (the lease went with it), or even submitted again under the
            // same id: only a task still running on this host's lease is this host's to run.
            if (hash.size() == 0 || codec::hash_field(hash, "status") != task::to_string(task::Status::running) ||
                codec::hash_field(hash, "lease_owner") != request.host_id) {
                continue;
            }
            try {
                tasks.push_back(codec::task_from_fields(hash));
            } catch (const std::exception& error) {
                spdlog::error("task {}: its stored hash cannot be read ({}); it fails", task_id, error.what());
                std::string_view attempts = codec::hash_field(hash, "attempts");
                int attempt = 0;  // unparsable too: the fence then misses, and the lease lapses as before
                std::from_chars(attempts.data(), attempts.data() + attempts.size(), attempt);
                unreadable.push_back(unreadable_task_ending({task_id, attempt}, error.what()));
            }
        }
        return tasks;
    });
    if (!unreadable.empty()) {
        try {
            finish_batch(unreadable);
        } catch (const std::exception& error) {
            // Their leases lapse unrenewed, and the sweep requeues them then; the next lease tries again.
            spdlog::error("redis: cannot fail {} unreadable tasks: {}", unreadable.size(), error.what());
        }
    }
    return tasks;
}

ChangeResult RedisStore::finish(const FinishRequest& request) {
    return finish_all(std::span(&request, 1), true).front();
}

std::vector<ChangeResult> RedisStore::finish_batch(std::span<const FinishRequest> requests) {
    if (requests.empty()) return {};
    return finish_all(requests, false);
}

std::vector<ChangeResult> RedisStore::finish_all(std::span<const FinishRequest> requests, bool with_task) {
    std::string now = codec::micros(task::now());
    std::vector<std::string> args{std::string(kCancelledInsteadOfRequeued), std::string(kCancelledInsteadOfRetried),
                                  with_task ? "1" : "0", std::to_string(requests.size())};
    args.reserve(4 + requests.size() * 10);
    for (const FinishRequest& request : requests) {
        bool has_result = !request.result.is_null();
        args.insert(args.end(), {request.fence.task_id, std::to_string(request.fence.attempt),
                                 std::string(task::to_string(request.event)), has_result ? "1" : "0",
                                 has_result ? request.result.dump() : "", request.log, now,
                                 request.not_before ? codec::micros(*request.not_before) : "",
                                 request.started ? "1" : "0", error_of(request.result)});
    }
    redis::Reply answers = run(scripts_.finish, args);
    if (answers.size() != requests.size()) throw StoreError("redis: finish answered for the wrong number of tasks");
    std::vector<ChangeResult> results;
    results.reserve(requests.size());
    for (std::size_t i = 0; i < answers.size(); ++i) results.push_back(codec::change_result(answers.at(i)));
    return results;
}

std::vector<std::string> RedisStore::requeue_abandoned(task::Timestamp now, std::optional<std::string> owner,
                                                       std::string_view log) {
    redis::Reply ids =
        run(scripts_.requeue_abandoned, {codec::micros(now), owner.value_or(""), std::string(log),
                                         codec::micros(task::now()), std::string(kCancelledInsteadOfRequeued)});
    std::vector<std::string> requeued;
    requeued.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) requeued.push_back(ids.at(i).str());
    return requeued;
}

ChangeResult RedisStore::resubmit(std::string_view task_id, std::string_view log) {
    return codec::change_result(
        run(scripts_.resubmit, {std::string(task_id), std::string(log), codec::micros(task::now())}));
}

ChangeResult RedisStore::request_cancel(std::string_view task_id, std::string_view log) {
    return codec::change_result(
        run(scripts_.request_cancel, {std::string(task_id), std::string(log), codec::micros(task::now())}));
}

ChangeResult RedisStore::set_priority(std::string_view task_id, task::Priority priority, std::string_view log) {
    return codec::change_result(run(
        scripts_.set_priority,
        {std::string(task_id), std::string(task::to_string(priority)), std::string(log), codec::micros(task::now())}));
}

bool RedisStore::remove(std::string_view task_id) {
    return run(scripts_.remove, {std::string(task_id), codec::micros(task::now())}).integer() == 1;
}

std::size_t RedisStore::expire_finished(task::Timestamp cutoff, std::size_t max_tasks) {
    if (max_tasks == 0) return 0;
    return static_cast<std::size_t>(
        run(scripts_.expire, {codec::micros(cutoff), std::to_string(max_tasks), codec::micros(task::now())}).integer());
}

}  // namespace dms::store
