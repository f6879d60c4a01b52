#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

// One worker, held by a long sleep while the queue is arranged, so nothing queued can start early.
class QueueOrderTest : public ::testing::Test {
 protected:
    QueueOrderTest() : host_([](config::Config& config, const std::filesystem::path&) { config.worker_count = 1; }) {}

    void SetUp() override {
        blocker_ = host_.submit("sleep", "ops", "seconds=60")["task_id"];
        host_.wait_for_status("sleep", "ops", blocker_, "running");
    }

    std::string submit(std::string_view name, std::string_view priority) {
        std::string body = R"({"parameters": {"name": ")" + std::string(name) + R"("}, "priority": ")" +
                           std::string(priority) + R"("})";
        std::string id = host_.submit("noop", "alice", "", body)["task_id"];
        names_[id] = name;
        ids_[std::string(name)] = id;
        return id;
    }

    std::int64_t position(std::string_view name) {
        auto task = host_.get_task("noop", "alice", ids_.at(std::string(name)));
        EXPECT_EQ(task["status"], "queued") << task.dump();
        if (!task.contains("position")) return -1;
        auto admin = host_.admin_get("/admin/tasks/" + ids_.at(std::string(name))).json();
        EXPECT_EQ(admin["position"], task["position"]) << name;
        return task["position"];
    }

    void expect_positions(const std::vector<std::string>& order) {
        for (std::size_t i = 0; i < order.size(); ++i) {
            EXPECT_EQ(position(order[i]), static_cast<std::int64_t>(i)) << order[i];
        }
    }

    // Frees the worker and returns the names of the noop tasks in the order they started.
    std::vector<std::string> run_and_get_start_order() {
        EXPECT_EQ(host_.admin_post("/admin/tasks/" + blocker_ + "/cancel").status, 200u);
        std::vector<std::pair<std::string, std::string>> started;  // started_at, name
        for (const auto& [id, name] : names_) {
            auto task = host_.wait_for_status("noop", "alice", id, "completed");
            started.emplace_back(task["started_at"], name);
        }
        std::sort(started.begin(), started.end());
        std::vector<std::string> order;
        for (const auto& [at, name] : started) order.push_back(name);
        return order;
    }

    TestHost host_;
    std::string blocker_;
    std::map<std::string, std::string> names_;  // id -> name
    std::map<std::string, std::string> ids_;    // name -> id
};

TEST_F(QueueOrderTest, HighBeforeMidBeforeLowAndFifoWithin) {
    submit("low1", "low");
    submit("mid1", "mid");
    submit("high1", "high");
    submit("low2", "low");
    submit("mid2", "mid");
    submit("high2", "high");
    submit("low3", "low");
    const std::vector<std::string> expected{"high1", "high2", "mid1", "mid2", "low1", "low2", "low3"};
    expect_positions(expected);
    auto blocker = host_.get_task("sleep", "ops", blocker_);
    EXPECT_FALSE(blocker.contains("position")) << "a running task has no position";
    EXPECT_EQ(run_and_get_start_order(), expected);
}

TEST_F(QueueOrderTest, APriorityChangeJoinsTheNewQueueAsIfSubmittedThen) {
    submit("low1", "low");
    submit("mid1", "mid");
    submit("high1", "high");
    submit("low2", "low");
    submit("mid2", "mid");
    submit("high2", "high");
    submit("low3", "low");
    // Moved to high, low1 gets a fresh place there (a new fair key): behind high1 and high2, submitted earlier.
    Response up = host_.admin_put("/admin/tasks/" + ids_["low1"] + "/priority", R"({"priority": "high"})");
    ASSERT_EQ(up.status, 200u) << up.describe();
    EXPECT_EQ(up.json()["priority"], "high");
    // mid2 moved to low likewise lands behind low2 and low3.
    Response down = host_.admin_put("/admin/tasks/" + ids_["mid2"] + "/priority", R"({"priority": "low"})");
    ASSERT_EQ(down.status, 200u) << down.describe();
    const std::vector<std::string> expected{"high1", "high2", "low1", "mid1", "low2", "low3", "mid2"};
    expect_positions(expected);
    EXPECT_EQ(run_and_get_start_order(), expected);
}

TEST_F(QueueOrderTest, PositionsMoveUpAsTasksAheadLeaveTheQueue) {
    submit("a", "low");
    submit("b", "low");
    submit("c", "low");
    expect_positions({"a", "b", "c"});
    ASSERT_EQ(host_.admin_post("/admin/tasks/" + ids_["a"] + "/cancel").status, 200u);
    EXPECT_EQ(position("b"), 0);
    EXPECT_EQ(position("c"), 1);
    ASSERT_EQ(host_.admin_del("/admin/tasks/" + ids_["b"]).status, 204u);
    EXPECT_EQ(position("c"), 0);
    names_.erase(ids_["a"]);
    names_.erase(ids_["b"]);
    EXPECT_EQ(run_and_get_start_order(), std::vector<std::string>{"c"});
}

}  // namespace
}  // namespace dms::test
