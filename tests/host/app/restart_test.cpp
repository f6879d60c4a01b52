#include <gtest/gtest.h>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// A host with noop and sleep, one sleep at a time, and a short shutdown grace; then a restart with noop
// alone, so the queued sleep tasks cannot start and their queue stays exactly as it was left.
class RestartTest : public ::testing::Test {
 protected:
    void SetUp() override {
        noop_only_ = make_plugin_dir(dir_.path() / "noop-only", {bundled_plugin("noop")});
        auto noop_and_sleep = make_plugin_dir(dir_.path() / "noop-sleep", {bundled_plugin("noop"), bundled_plugin("sleep")});
        host_ = std::make_unique<HostProcess>(options(noop_and_sleep));
        HttpClient client(host_->port());

        blocker_ = submit_task(client, "sleep", "alice", "seconds=60")["task_id"];
        wait_for_status(client, "sleep", "alice", blocker_, "running");
        s1_ = submit_task(client, "sleep", "alice", "seconds=1")["task_id"];
        s2_ =
            submit_task(client, "sleep", "bob", "", R"({"parameters": {"seconds": 1}, "priority": "high"})")["task_id"];
        s3_ =
            submit_task(client, "sleep", "bob", "", R"({"parameters": {"seconds": 1}, "priority": "mid"})")["task_id"];
        for (int i = 0; i < 2; ++i) {
            noops_.push_back(submit_task(client, "noop", "carol")["task_id"]);
            wait_for_status(client, "noop", "carol", noops_.back(), "completed");
        }
        // s1, submitted first of the three, moves to high: ahead of s2.
        ASSERT_EQ(client.put("/api/v1/admin/tasks/" + s1_ + "/priority", R"({"priority": "high"})", operator_headers())
                      .status,
                  200u);
        ASSERT_EQ(client.post("/api/v1/admin/users/mallory/block", "", operator_headers()).status, 200u);
        ASSERT_EQ(client.post("/api/v1/admin/block", "", operator_headers()).status, 200u);
        EXPECT_EQ(position(client, "alice", s1_), 0);
        EXPECT_EQ(position(client, "bob", s2_), 1);
        EXPECT_EQ(position(client, "bob", s3_), 2);
    }

    HostProcessOptions options(const std::filesystem::path& plugins) {
        HostProcessOptions options;
        options.work_dir = dir_.path();
        options.plugin_dir = plugins;
        options.env = {{"DMS_SERVICE_CONCURRENCY", "sleep=1"}, {"DMS_SHUTDOWN_GRACE_SECONDS", "0.3"}};
        return options;
    }

    static std::int64_t position(HttpClient& client, std::string_view user, const std::string& id) {
        auto task = get_task(client, "sleep", user, id);
        return task.value("position", std::int64_t{-1});
    }

    // After the restart: every task, its place, the stats and the blocks as they were; the interrupted
    // sleep back in its queue with a log line naming `why`.
    void expect_everything_found(std::string_view why) {
        host_ = std::make_unique<HostProcess>(options(noop_only_));
        HttpClient client(host_->port());

        auto blocker = get_task(client, "sleep", "alice", blocker_);
        EXPECT_EQ(blocker["status"], "queued") << blocker.dump();
        EXPECT_EQ(blocker["attempts"], 1);
        EXPECT_TRUE(has_log_containing(blocker, why)) << blocker.dump();
        EXPECT_EQ(get_task(client, "sleep", "alice", s1_)["priority"], "high");
        EXPECT_EQ(get_task(client, "sleep", "bob", s3_)["priority"], "mid");
        EXPECT_EQ(position(client, "alice", s1_), 0);
        EXPECT_EQ(position(client, "bob", s2_), 1);
        EXPECT_EQ(position(client, "bob", s3_), 2);
        EXPECT_EQ(position(client, "alice", blocker_), 3);
        for (const auto& id : noops_) {
            auto task = get_task(client, "noop", "carol", id);
            EXPECT_EQ(task["status"], "completed");
            EXPECT_EQ(task["result"], nlohmann::json({{"ok", true}}));
        }
        EXPECT_TRUE(has_log_containing(get_task(client, "sleep", "alice", s1_), "Priority changed from low to high"));

        auto stats = client.get("/api/v1/admin/stats", operator_headers()).json();
        EXPECT_EQ(stats["by_status"],
                  nlohmann::json::parse(R"({"queued":4,"running":0,"completed":2,"failed":0,"cancelled":0,"retrying":0,"scheduled":0})"))
            << stats.dump();
        EXPECT_EQ(stats["queued_by_priority"], nlohmann::json::parse(R"({"high":2,"mid":1,"low":1})"));
        EXPECT_EQ(stats["totals"]["submitted"], 6);
        EXPECT_EQ(stats["totals"]["dispatched"], 3);
        EXPECT_EQ(stats["totals"]["completed"], 2);
        EXPECT_EQ(stats["totals"]["requeued"], 1);

        EXPECT_EQ(client.get("/api/v1/admin/blocks", operator_headers()).json(),
                  nlohmann::json::parse(R"({"blocked": true, "blocked_users": ["mallory"]})"));
        Response refused = client.post(tasks_path("noop", "alice"));
        EXPECT_EQ(refused.status, 503u) << refused.describe();
        EXPECT_EQ(refused.error_code(), "blocked");
        client.post("/api/v1/admin/unblock", "", operator_headers());
        EXPECT_EQ(client.post(tasks_path("noop", "mallory")).status, 503u);
        EXPECT_EQ(client.post(tasks_path("noop", "alice")).status, 202u);
        EXPECT_EQ(client.get(tasks_path("sleep", "bob")).json()["tasks"].size(), 2u);
    }

    TempDir dir_;
    std::filesystem::path noop_only_;
    std::unique_ptr<HostProcess> host_;
    std::string blocker_, s1_, s2_, s3_;
    std::vector<std::string> noops_;
};

TEST_F(RestartTest, AfterSigtermEverythingIsFoundAgain) {
    EXPECT_EQ(host_->terminate(), 0) << host_->log();
    expect_everything_found("returned to its queue");
    EXPECT_EQ(host_->terminate(), 0);
}

TEST_F(RestartTest, AfterKill9EverythingIsFoundAgain) {
    host_->kill9();
    expect_everything_found("Host restarted");
    EXPECT_EQ(host_->terminate(), 0);
}

}  // namespace
}  // namespace dms::test
