// The store contract on RedisStore against a real redis-server, plus what is Redis's own: the key layout users know
// from the seeds, and the Lua scripts' copy of the state machine.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "redis_test_support.hpp"
#include "store/redis/connection.hpp"
#include "store/redis/keys.hpp"
#include "store/redis/lua_prelude.hpp"
#include "store/redis/script.hpp"
#include "store/store_error.hpp"
#include "task/state_machine.hpp"
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

// Starts the shared server once per test binary run (CTest runs each test in a process of its own).
class SharedRedisEnvironment : public ::testing::Environment {
 public:
    void SetUp() override { server_.emplace(RedisServer::Options{kSharedPassword, false}); }
    void TearDown() override { server_.reset(); }
    RedisServer& server() { return *server_; }

 private:
    std::optional<RedisServer> server_;
};

auto* const environment =
    static_cast<SharedRedisEnvironment*>(::testing::AddGlobalTestEnvironment(new SharedRedisEnvironment));

// A RedisStore on an emptied database of the shared server.
std::unique_ptr<TaskStore> make_redis_store() {
    shared_redis().flush_all();
    return std::make_unique<RedisStore>(store_options(shared_redis().url(kSharedDb)));
}

// A new RedisStore on the same database, once the old one has closed its connections.
std::unique_ptr<TaskStore> reopen_redis_store(std::unique_ptr<TaskStore> store) {
    store.reset();
    return std::make_unique<RedisStore>(store_options(shared_redis().url(kSharedDb)));
}

INSTANTIATE_TEST_SUITE_P(Redis, TaskStoreContract,
                         ::testing::Values(StoreFactory{"redis", make_redis_store, reopen_redis_store}),
                         StoreFactoryName{});

class RedisLayoutTest : public ::testing::Test {
 protected:
    void SetUp() override { store_ = make_redis_store(); }

    redis::Connection connect() const {
        return redis::Connection(redis::parse_url(shared_redis().url(kSharedDb)), std::chrono::seconds(2),
                                 std::chrono::seconds(5));
    }

    std::unique_ptr<TaskStore> store_;
};

TEST_F(RedisLayoutTest, KeysFollowTheDocumentedLayout) {
    task::Task task;
    task.task_id = "6f1c0000-0000-4000-8000-000000000001";
    task.service = "copy";
    task.user_id = "alice";
    task.priority = task::Priority::mid;
    task.created_at = task::now();
    store_->submit(std::span(&task, 1), "Task queued");
    redis::Connection redis = connect();
    std::string seq = std::to_string(task.seq);

    EXPECT_EQ(redis.call({"TYPE", "dms:task:" + task.task_id}).text(), "hash");
    EXPECT_EQ(redis.call({"HGET", "dms:task:" + task.task_id, "status"}).text(), "queued");
    EXPECT_EQ(redis.call({"HGET", "dms:task:" + task.task_id, "priority"}).text(), "mid");
    // Queues are scored by fair key: alice's first task in mid, one default step past the clock.
    EXPECT_EQ(redis.call({"ZSCORE", "dms:queue:mid", task.task_id}).text(), "1000");
    EXPECT_EQ(redis.call({"ZSCORE", "dms:queue:mid:copy", task.task_id}).text(), "1000");
    EXPECT_EQ(redis.call({"HGET", "dms:task:" + task.task_id, "fair_key"}).text(), "1000");
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "user:alice"}).text(), "1000");
    EXPECT_EQ(redis.call({"ZSCORE", "dms:task:index", task.task_id}).text(), seq);
    EXPECT_EQ(redis.call({"ZSCORE", "dms:index:service-user:copy:alice", task.task_id}).text(), seq);
    EXPECT_EQ(redis.call({"GET", "dms:seq"}).text(), seq);
    EXPECT_EQ(redis.call({"LLEN", "dms:logs:" + task.task_id}).integer(), 1);
    EXPECT_EQ(redis.call({"HGET", "dms:stats", "count:queued:copy:mid"}).text(), "1");
    EXPECT_EQ(redis.call({"HGET", "dms:stats", "submitted"}).text(), "1");

    store_->set_global_block(true);
    store_->set_user_block("bob", true);
    EXPECT_EQ(redis.call({"GET", "dms:block:all"}).text(), "1");
    EXPECT_EQ(redis.call({"SISMEMBER", "dms:block:users", "bob"}).integer(), 1);

    ASSERT_TRUE(store_->remove(task.task_id));
    EXPECT_EQ(redis.call({"EXISTS", "dms:task:" + task.task_id, "dms:logs:" + task.task_id}).integer(), 0);
    EXPECT_EQ(redis.call({"ZCARD", "dms:task:index"}).integer(), 0);
    EXPECT_TRUE(redis.call({"HGET", "dms:stats", "count:queued:copy:mid"}).is_nil()) << "a count at zero goes";
}

TEST_F(RedisLayoutTest, AUsersFairEntryGoesOnceItsLastTaskIsLeased) {
    std::vector<task::Task> tasks(2);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        tasks[i].task_id = "6f1c0000-0000-4000-8000-00000000010" + std::to_string(i);
        tasks[i].service = "copy";
        tasks[i].user_id = "alice";
        tasks[i].priority = task::Priority::mid;
        tasks[i].created_at = task::now();
    }
    store_->submit(tasks, "Task queued");
    redis::Connection redis = connect();
    LeaseRequest request{"host-a", task::now() + std::chrono::seconds(30), {"copy"}, {}};

    ASSERT_TRUE(store_->lease_next(request, "Started"));
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "clock"}).text(), "1000");
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "user:alice"}).text(), "2000") << "one of alice's tasks still waits";
    ASSERT_TRUE(store_->lease_next(request, "Started"));
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "clock"}).text(), "2000");
    EXPECT_TRUE(redis.call({"HGET", "dms:fair:mid", "user:alice"}).is_nil()) << "the clock covers alice now";
}

TEST_F(RedisLayoutTest, OneBatchReadsAndWritesEachUsersFairEntryAsSingleCallsWould) {
    std::vector<task::Task> tasks(5);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        tasks[i].task_id = "6f1c0000-0000-4000-8000-00000000020" + std::to_string(i);
        tasks[i].service = "copy";
        tasks[i].user_id = i < 3 ? "alice" : "bob";
        tasks[i].priority = task::Priority::mid;
        tasks[i].created_at = task::now();
    }
    store_->submit(tasks, "Task queued");
    redis::Connection redis = connect();
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "user:alice"}).text(), "3000");
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "user:bob"}).text(), "2000");
    LeaseRequest request{"host-a", task::now() + std::chrono::seconds(30), {"copy"}, {}};

    // Fair order: alice 1000, bob 1000, alice 2000, bob 2000; bob's last key is leased within the batch.
    std::vector<std::string> leased;
    for (const task::Task& task : store_->lease_batch(request, 4, "Started")) leased.push_back(task.task_id);
    EXPECT_EQ(leased, (std::vector<std::string>{tasks[0].task_id, tasks[3].task_id, tasks[1].task_id,
                                                 tasks[4].task_id}));
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "clock"}).text(), "2000");
    EXPECT_TRUE(redis.call({"HGET", "dms:fair:mid", "user:bob"}).is_nil()) << "the clock covers bob now";
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "user:alice"}).text(), "3000") << "alice's third task still waits";

    // Bob's entry is gone, so his next task's key is one step past the clock.
    task::Task again = tasks[3];
    again.task_id = "6f1c0000-0000-4000-8000-000000000210";
    store_->submit(std::span(&again, 1), "Task queued");
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "user:bob"}).text(), "3000");
    ASSERT_EQ(store_->lease_batch(request, 4, "Started").size(), 2u);
    EXPECT_EQ(redis.call({"HLEN", "dms:fair:mid"}).integer(), 1) << "only the clock is left";
    EXPECT_EQ(redis.call({"HGET", "dms:fair:mid", "clock"}).text(), "3000");
}

TEST_F(RedisLayoutTest, RetryKeysFollowTheDocumentedLayout) {
    task::Task task;
    task.task_id = "6f1c0000-0000-4000-8000-000000000002";
    task.service = "copy";
    task.user_id = "alice";
    task.max_retries = 2;
    task.created_at = task::now();
    store_->submit(std::span(&task, 1), "Task queued");
    auto running = store_->lease_next({"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}}, "Task started");
    ASSERT_TRUE(running.has_value());
    auto not_before = task::now() + std::chrono::hours(1);
    FinishRequest retry{{task.task_id, 1}, task::Event::retry, {{"error", "disk full"}}, "Retrying", not_before, true};
    ASSERT_EQ(store_->finish(retry).change, Change::applied);
    redis::Connection redis = connect();
    const std::string key = "dms:task:" + task.task_id;
    const std::string micros = std::to_string(not_before.time_since_epoch().count());

    EXPECT_EQ(redis.call({"HGET", key, "status"}).text(), "retrying");
    EXPECT_EQ(redis.call({"HGET", key, "not_before"}).text(), micros);
    EXPECT_EQ(redis.call({"HGET", key, "failures"}).text(), "1");
    EXPECT_EQ(redis.call({"HGET", key, "max_retries"}).text(), "2");
    EXPECT_EQ(redis.call({"ZSCORE", "dms:delayed:copy", task.task_id}).text(), micros);
    EXPECT_TRUE(redis.call({"ZSCORE", "dms:queue:low:copy", task.task_id}).is_nil()) << "not queued before its time";
    EXPECT_EQ(redis.call({"HGET", "dms:stats", "count:retrying:copy:low"}).text(), "1");
    EXPECT_EQ(redis.call({"HGET", "dms:stats", "retried"}).text(), "1");
    redis::Reply attempts = redis.call({"LRANGE", "dms:attempts:" + task.task_id, "0", "-1"});
    ASSERT_EQ(attempts.size(), 1u);
    auto record = nlohmann::json::parse(attempts.at(0).text());
    EXPECT_EQ(record.at("number"), 1);
    EXPECT_EQ(record.at("host"), "host-a");
    EXPECT_EQ(record.at("outcome"), "failed");
    EXPECT_EQ(record.at("error"), "disk full");

    LeaseRequest due{"host-b", task::now() + std::chrono::hours(3), {"copy"}, {}};
    due.now = not_before;
    ASSERT_TRUE(store_->lease_next(due, "Task started").has_value());
    EXPECT_EQ(redis.call({"ZCARD", "dms:delayed:copy"}).integer(), 0);
    EXPECT_EQ(redis.call({"ZCARD", "dms:queue:low:copy"}).integer(), 0);
    EXPECT_EQ(redis.call({"HGET", key, "not_before"}).text(), "");
    ASSERT_TRUE(store_->remove(task.task_id));
    EXPECT_EQ(redis.call({"EXISTS", "dms:attempts:" + task.task_id}).integer(), 0);
}

// Tasks written before retries existed have none of their fields: they read as no budget, no failures, no timeout.
TEST_F(RedisLayoutTest, ATaskStoredBeforeRetriesExistedStillWorks) {
    task::Task task;
    task.task_id = "old";
    task.service = "copy";
    task.user_id = "alice";
    task.created_at = task::now();
    store_->submit(std::span(&task, 1), "Task queued");
    connect().call(
        {"HDEL", "dms:task:old", "max_retries", "failures", "timeout_seconds", "not_before", "attempt_started_at"});
    auto stored = store_->get("old", 0);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->max_retries, 0);
    EXPECT_EQ(stored->failures, 0);
    EXPECT_FALSE(stored->timeout_seconds.has_value());
    auto running = store_->lease_next({"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}}, "Task started");
    ASSERT_TRUE(running.has_value());
    ASSERT_EQ(store_->finish({"old", 1}, task::Event::fail, nullptr, "Task failed").change, Change::applied);
    EXPECT_EQ(store_->get("old", 0)->failures, 1);
}

TEST_F(RedisLayoutTest, AnEndingBatchThatRaisesStillIndexesTheEndingsItWrote) {
    // The scripts defer their index and count writes to their end; Redis keeps what a script wrote before it raised,
    // so the deferred writes must follow even then. A corrupt failures field makes the second ending raise.
    std::vector<task::Task> tasks(2);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        tasks[i].task_id = std::string(1, static_cast<char>('a' + i));
        tasks[i].service = "copy";
        tasks[i].user_id = "alice";
        tasks[i].created_at = task::now();
    }
    store_->submit(tasks, "Task queued");
    LeaseRequest request{"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}};
    ASSERT_EQ(store_->lease_batch(request, 2, "Started").size(), 2u);
    redis::Connection redis = connect();
    redis.call({"HSET", "dms:task:b", "failures", "not a number"});
    std::vector<FinishRequest> endings{{{"a", 1}, task::Event::succeed, nullptr, "done", std::nullopt, true},
                                       {{"b", 1}, task::Event::fail, nullptr, "failed", std::nullopt, true}};
    EXPECT_THROW(store_->finish_batch(endings), StoreError);

    EXPECT_EQ(store_->get("a", 0)->status, task::Status::completed);
    EXPECT_FALSE(redis.call({"ZSCORE", redis::keys::status_index(task::Status::completed), "a"}).is_nil());
    EXPECT_TRUE(redis.call({"ZSCORE", redis::keys::status_index(task::Status::running), "a"}).is_nil());
    EXPECT_TRUE(redis.call({"ZSCORE", std::string(redis::keys::kLeases), "a"}).is_nil());
    Stats stats = store_->stats();
    EXPECT_EQ(stats.by_status["completed"], 1);
    EXPECT_EQ(stats.by_status["running"], 1) << "b never ended";
}

// A hash that no longer decodes must not block its queue: given back, it would head every lease again.
TEST_F(RedisLayoutTest, ALeasedTaskWhoseHashCannotBeReadFailsAndTheRestOfTheBatchRuns) {
    std::vector<task::Task> tasks(2);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        tasks[i].task_id = i == 0 ? "unreadable" : "fine";
        tasks[i].service = "copy";
        tasks[i].user_id = "alice";
        tasks[i].created_at = task::now();
    }
    store_->submit(tasks, "Task queued");
    redis::Connection redis = connect();
    redis.call({"HSET", redis::keys::task("unreadable"), "parameters", "{not json"});
    LeaseRequest request{"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}};
    auto leased = store_->lease_batch(request, 10, "Started");
    ASSERT_EQ(leased.size(), 1u);
    EXPECT_EQ(leased[0].task_id, "fine");
    EXPECT_EQ(redis.call({"HGET", redis::keys::task("unreadable"), "status"}).text(), "failed");
    std::string line(redis.call({"LINDEX", redis::keys::logs("unreadable"), "-1"}).text());
    EXPECT_NE(line.find("Failed before it started: the host could not read its stored task: "), std::string::npos)
        << line;
    EXPECT_NE(std::string(redis.call({"HGET", redis::keys::task("unreadable"), "result"}).text())
                  .find("the stored task cannot be read"),
              std::string::npos);
    Stats stats = store_->stats();
    EXPECT_EQ(stats.by_status["failed"], 1);
    EXPECT_EQ(stats.by_status["running"], 1);
    EXPECT_EQ(stats.by_status["queued"], 0);
    EXPECT_TRUE(store_->lease_batch(request, 10, "Started").empty()) << "nothing left to lease, and nothing given back";
}

TEST_F(RedisLayoutTest, TheReservedTaskIdIsRefused) {
    task::Task task;
    task.task_id = std::string(redis::keys::kReservedTaskId);
    task.service = "copy";
    task.user_id = "alice";
    EXPECT_THROW(store_->submit(std::span(&task, 1), "Task queued"), StoreError);
    EXPECT_EQ(connect().call({"EXISTS", std::string(redis::keys::kIndex)}).integer(), 0);
}

TEST_F(RedisLayoutTest, ADuplicateIdFailsTheWholeBatchAndWritesNothing) {
    std::vector<task::Task> batch(3);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i].task_id = i == 2 ? "a" : std::string(1, static_cast<char>('a' + i));
        batch[i].service = "copy";
        batch[i].user_id = "alice";
    }
    EXPECT_THROW(store_->submit(batch, "Task queued"), StoreError);
    EXPECT_FALSE(store_->get("b", 0).has_value());
    EXPECT_EQ(batch[1].seq, 0);
    EXPECT_EQ(store_->stats().totals["submitted"], 0);
    EXPECT_EQ(connect().call({"DBSIZE"}).integer(), 0);
}

// The scripts' table of moves is generated from task::transitions(): ask Redis for every (status, event) pair and
// compare with task::next_status.
TEST_F(RedisLayoutTest, TheScriptsStateMachineIsTheHostsOwn) {
    redis::Script probe("probe", redis::lua_prelude() + "return next_status(ARGV[1], ARGV[2]) or ''");
    redis::Connection redis = connect();
    int allowed = 0;
    for (task::Status from : task::kAllStatuses) {
        for (task::Event event : task::kAllEvents) {
            auto expected = task::next_status(from, event);
            redis::Reply answer =
                probe.run(redis, {}, {std::string(task::to_string(from)), std::string(task::to_string(event))});
            EXPECT_EQ(answer.str(), expected ? std::string(task::to_string(*expected)) : "")
                << task::to_string(from) << " on " << task::to_string(event);
            allowed += expected ? 1 : 0;
        }
    }
    EXPECT_EQ(allowed, static_cast<int>(task::transitions().size()));
}

}  // namespace

RedisServer& shared_redis() { return environment->server(); }

}  // namespace dms::store::test
