// Paused services and running caps with two hosts, each with a RedisStore of its own, on one Redis: what one host
// sets, the other's next lease obeys, and the keys are the documented ones.
#include <gtest/gtest.h>

#include "redis_test_support.hpp"
#include "store/redis/connection.hpp"

namespace dms::store::test {
namespace {

class RedisFairnessTest : public ::testing::Test {
 protected:
    void SetUp() override {
        shared_redis().flush_all();
        host_a_ = std::make_unique<RedisStore>(store_options(shared_redis().url(kSharedDb)));
        host_b_ = std::make_unique<RedisStore>(store_options(shared_redis().url(kSharedDb)));
    }

    void submit(RedisStore& store, std::string id, std::string service, std::string user) {
        task::Task task;
        task.task_id = std::move(id);
        task.service = std::move(service);
        task.user_id = std::move(user);
        task.created_at = task::now();
        store.submit(std::span(&task, 1), "Task queued");
    }

    static std::vector<std::string> lease(RedisStore& store, std::string host, std::vector<std::string> services,
                                          std::map<std::string, RunningCaps, std::less<>> caps = {}) {
        LeaseRequest request{std::move(host), task::now() + std::chrono::minutes(5), std::move(services), {}};
        request.running_caps = std::move(caps);
        std::vector<std::string> ids;
        for (const task::Task& task : store.lease_batch(request, 10, "Task started")) ids.push_back(task.task_id);
        return ids;
    }

    std::unique_ptr<RedisStore> host_a_;
    std::unique_ptr<RedisStore> host_b_;
};

TEST_F(RedisFairnessTest, APauseSetOnOneHostHoldsTheLeasesOfAnother) {
    submit(*host_a_, "c1", "copy", "alice");
    submit(*host_a_, "s1", "scan", "alice");
    host_a_->set_service_paused("copy", true);
    redis::Connection redis(redis::parse_url(shared_redis().url(kSharedDb)), std::chrono::seconds(2),
                            std::chrono::seconds(5));
    EXPECT_EQ(redis.call({"SISMEMBER", "dms:paused:services", "copy"}).integer(), 1);
    EXPECT_EQ(host_b_->paused_services(), std::vector<std::string>{"copy"});
    EXPECT_EQ(lease(*host_b_, "host-b", {"copy", "scan"}), std::vector<std::string>{"s1"});
    host_b_->set_service_paused("copy", false);
    EXPECT_EQ(redis.call({"EXISTS", "dms:paused:services"}).integer(), 0) << "an empty set is no key";
    EXPECT_EQ(lease(*host_a_, "host-a", {"copy", "scan"}), std::vector<std::string>{"c1"});
}

TEST_F(RedisFairnessTest, CapsCountTheRunningTasksOfBothHosts) {
    for (const char* id : {"a1", "a2", "b1", "b2", "c1"}) submit(*host_a_, id, "copy", std::string(1, id[0]) + "-user");
    std::map<std::string, RunningCaps, std::less<>> caps{{"copy", {3, 1}}};
    EXPECT_EQ(lease(*host_a_, "host-a", {"copy"}, caps), (std::vector<std::string>{"a1", "b1", "c1"}));
    // Three run on host A: host B may take none, whoever they belong to.
    EXPECT_TRUE(lease(*host_b_, "host-b", {"copy"}, caps).empty());
    RunningCount counts = host_b_->running_count("copy", "a-user");
    EXPECT_EQ(counts.service, 3);
    EXPECT_EQ(counts.user, 1);
}

}  // namespace
}  // namespace dms::store::test
