// RedisStore when Redis misbehaves (gone, silent, back again), and the URL's password and database at work.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "redis_test_support.hpp"
#include "store/redis/connection.hpp"
#include "store/store_error.hpp"

namespace dms::store::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kTimeout{500};

task::Task make(std::string id, std::string service = "copy") {
    task::Task task;
    task.task_id = std::move(id);
    task.service = std::move(service);
    task.user_id = "alice";
    task.created_at = task::now();
    return task;
}

void submit_one(TaskStore& store, std::string id) {
    task::Task task = make(std::move(id));
    store.submit(std::span(&task, 1), "Task queued");
}

LeaseRequest lease_request(std::string host) {
    return {std::move(host), task::now() + std::chrono::minutes(5), {"copy"}, {}};
}

// Runs `call`, expects StoreError, and returns how long it took.
template <class Call>
milliseconds time_failure(Call&& call, const char* what) {
    auto start = Clock::now();
    EXPECT_THROW(call(), StoreError) << what;
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

TEST(RedisOutageTest, WhileRedisIsDownCallsFailFastAndAfterItReturnsEverythingWorks) {
    RedisServer server(RedisServer::Options{"", true});
    RedisStore store(store_options(server.url(), kTimeout));
    submit_one(store, "before");
    ASSERT_TRUE(store.healthy());

    server.stop();
    EXPECT_FALSE(store.healthy());
    EXPECT_LT(time_failure([&] { submit_one(store, "during"); }, "submit"), 4 * kTimeout);
    EXPECT_LT(time_failure([&] { store.get("before", 5); }, "get"), 4 * kTimeout);
    EXPECT_LT(time_failure([&] { store.lease_next(lease_request("host-a"), "Task started"); }, "lease"), 4 * kTimeout);
    EXPECT_LT(time_failure([&] { store.stats(); }, "stats"), 4 * kTimeout);

    // Back with its append-only file: what Redis kept is there, and the scripts it forgot are loaded again.
    server.start();
    EXPECT_TRUE(store.healthy());
    auto kept = store.get("before", 5);
    ASSERT_TRUE(kept.has_value());
    EXPECT_EQ(kept->status, task::Status::queued);
    EXPECT_FALSE(store.get("during", 0).has_value());
    submit_one(store, "after");
    auto leased = store.lease_next(lease_request("host-a"), "Task started");
    ASSERT_TRUE(leased.has_value());
    EXPECT_EQ(leased->task_id, "before");
    EXPECT_EQ(store.queue_position("after"), 0);
    EXPECT_EQ(store.stats().totals["submitted"], 2);
}

TEST(RedisOutageTest, ASilentServerTimesOutInsteadOfHanging) {
    RedisServer server;
    RedisStore store(store_options(server.url(), kTimeout));
    submit_one(store, "t1");
    server.pause();
    EXPECT_LT(time_failure([&] { store.get("t1", 0); }, "get"), 3 * kTimeout);
    EXPECT_LT(time_failure([&] { store.request_cancel("t1", "Cancelled"); }, "cancel"), 3 * kTimeout);
    EXPECT_FALSE(store.healthy());
    server.resume();
    EXPECT_TRUE(store.healthy());
    EXPECT_EQ(store.request_cancel("t1", "Cancelled").change, Change::applied);
    EXPECT_EQ(store.get("t1", 0)->status, task::Status::cancelled);
}

// Writing to a connection the server has closed raises SIGPIPE, whose default action would end the whole host.
TEST(RedisOutageTest, WritingToAClosedConnectionFailsWithoutKillingTheProcess) {
    RedisServer server;
    redis::Connection connection(redis::parse_url(server.url()), kTimeout, kTimeout);
    ASSERT_EQ(connection.call({"PING"}).text(), "PONG");
    server.stop();
    // Larger than any socket buffer, so hiredis writes again after the server's reset.
    std::string big(16 << 20, 'x');
    EXPECT_THROW(connection.call({"SET", "big", big}), StoreError);
    EXPECT_TRUE(connection.broken());
    EXPECT_THROW(connection.call({"PING"}), StoreError);
}

TEST(RedisOutageTest, AStoreCanBeMadeWhileRedisIsAwayAndWorksOnceItAnswers) {
    RedisServer server;
    server.stop();
    RedisStore store(store_options(server.url(), kTimeout));
    EXPECT_FALSE(store.healthy());
    EXPECT_THROW(store.blocks(), StoreError);
    server.start();
    store.set_user_block("bob", true);
    EXPECT_EQ(store.blocks().users, std::vector<std::string>{"bob"});
}

TEST(RedisUrlUseTest, TheUrlsPasswordIsUsedAndAWrongOneIsRefused) {
    shared_redis().flush_all();
    std::string right = shared_redis().url(kSharedDb);
    RedisStore good(store_options(right));
    EXPECT_TRUE(good.healthy());

    std::string port = std::to_string(shared_redis().port());
    RedisStore wrong(store_options("redis://:not-the-password@127.0.0.1:" + port + "/" + std::to_string(kSharedDb)));
    EXPECT_FALSE(wrong.healthy());
    try {
        wrong.stats();
        ADD_FAILURE() << "a wrong password was accepted";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find("AUTH"), std::string::npos) << error.what();
        EXPECT_EQ(std::string(error.what()).find("not-the-password"), std::string::npos) << "the password leaked";
    }
    RedisStore none(store_options("redis://127.0.0.1:" + port + "/" + std::to_string(kSharedDb)));
    EXPECT_THROW(none.stats(), StoreError);
}

TEST(RedisUrlUseTest, TheUrlsDatabaseKeepsStoresApart) {
    shared_redis().flush_all();
    RedisStore first(store_options(shared_redis().url(1)));
    RedisStore second(store_options(shared_redis().url(2)));
    RedisStore first_again(store_options(shared_redis().url(1)));
    submit_one(first, "only-in-db-1");
    EXPECT_FALSE(second.get("only-in-db-1", 0).has_value());
    EXPECT_TRUE(first_again.get("only-in-db-1", 0).has_value());
    EXPECT_EQ(second.stats().by_status["queued"], 0);
}

TEST(RedisUrlUseTest, ReadsGoToTheReadUrl) {
    shared_redis().flush_all();
    // The read URL names another database: a change is made on the write URL, and reads do not see it there.
    RedisStoreOptions options = store_options(shared_redis().url(1));
    options.read = redis::parse_url(shared_redis().url(2));
    RedisStore split(options);
    RedisStore reader(store_options(shared_redis().url(2)));
    submit_one(split, "written");
    EXPECT_FALSE(split.get("written", 0).has_value());
    EXPECT_EQ(split.stats().by_status["queued"], 0);
    submit_one(reader, "seen");
    EXPECT_TRUE(split.get("seen", 0).has_value());
    EXPECT_EQ(split.lease_next(lease_request("host-a"), "Task started")->task_id, "written") << "leases write";
}

// Two stores (two hosts) with four workers each lease and finish every task exactly once, and the counts agree.
TEST(RedisConcurrencyTest, WorkersOnTwoHostsRunEveryTaskExactlyOnce) {
    shared_redis().flush_all();
    constexpr int kTasks = 400;
    RedisStore host_a(store_options(shared_redis().url(kSharedDb)));
    RedisStore host_b(store_options(shared_redis().url(kSharedDb)));
    std::vector<task::Task> tasks;
    for (int i = 0; i < kTasks; ++i) tasks.push_back(make("c" + std::to_string(i)));
    host_a.submit(tasks, "Task queued");
    std::mutex mutex;
    std::multiset<std::string> ran;
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 8; ++w) {
        RedisStore& store = w % 2 == 0 ? host_a : host_b;
        workers.emplace_back([&, w] {
            std::string host = "host-" + std::to_string(w);
            while (true) {
                auto batch = store.lease_batch(lease_request(host), 3, "Task started");
                if (batch.empty()) return;
                std::vector<FinishRequest> endings;
                for (const task::Task& task : batch) {
                    if (!store.append_log({task.task_id, task.attempts}, "working")) ++failures;
                    endings.push_back({{task.task_id, task.attempts}, task::Event::succeed, nullptr, "done", std::nullopt, true});
                    std::lock_guard lock(mutex);
                    ran.insert(task.task_id);
                }
                for (const ChangeResult& result : store.finish_batch(endings)) {
                    if (result.change != Change::applied) ++failures;
                }
            }
        });
    }
    for (std::thread& worker : workers) worker.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(ran.size(), static_cast<std::size_t>(kTasks));
    EXPECT_EQ(std::set<std::string>(ran.begin(), ran.end()).size(), static_cast<std::size_t>(kTasks));
    Stats stats = host_b.stats();
    EXPECT_EQ(stats.by_status.at("completed"), kTasks);
    EXPECT_EQ(stats.by_status.at("queued"), 0);
    EXPECT_EQ(stats.totals.at("dispatched"), kTasks);
}

}  // namespace
}  // namespace dms::store::test
