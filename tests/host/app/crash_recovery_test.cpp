#include <gtest/gtest.h>

#include <set>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

HostProcessOptions options(const TempDir& dir) {
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.env = {{"DMS_WORKER_COUNT", "2"}};
    return options;
}

TEST(CrashRecoveryTest, Kill9WhileSleepTasksRunRequeuesThemThenTheyComplete) {
    TempDir dir;
    std::vector<std::string> ids;
    {
        HostProcess host(options(dir));
        HttpClient client(host.port());
        for (int i = 0; i < 2; ++i) ids.push_back(submit_task(client, "sleep", "alice", "seconds=1.5")["task_id"]);
        for (const auto& id : ids) wait_for_status(client, "sleep", "alice", id, "running");
        host.kill9();
    }
    HostProcess host(options(dir));
    HttpClient client(host.port());
    for (const auto& id : ids) {
        auto task = wait_for_status(client, "sleep", "alice", id, "completed", 15s);
        EXPECT_EQ(task["attempts"], 2) << task.dump();
        EXPECT_TRUE(has_log_containing(task, "Host restarted; the interrupted attempt's task returned to its queue"))
            << task.dump();
        EXPECT_EQ(task["result"]["slept_seconds"], 1.5);
    }
    auto stats = client.get("/api/v1/admin/stats", operator_headers()).json();
    EXPECT_EQ(stats["by_status"]["running"], 0) << stats.dump();
    EXPECT_EQ(stats["by_status"]["completed"], 2) << stats.dump();
    EXPECT_EQ(stats["totals"]["requeued"], 2) << stats.dump();
    EXPECT_EQ(host.terminate(), 0);
}

TEST(CrashRecoveryTest, NoTaskStaysRunningAfterRepeatedCrashes) {
    TempDir dir;
    std::string id;
    for (int round = 0; round < 3; ++round) {
        HostProcess host(options(dir));
        HttpClient client(host.port());
        if (id.empty()) id = submit_task(client, "sleep", "alice", "seconds=30")["task_id"];
        wait_for_status(client, "sleep", "alice", id, "running");
        host.kill9();
    }
    HostProcessOptions noop_only = options(dir);
    noop_only.plugin_dir = make_plugin_dir(dir.path() / "noop-only", {bundled_plugin("noop")});
    HostProcess host(noop_only);
    HttpClient client(host.port());
    auto task = get_task(client, "sleep", "alice", id);
    EXPECT_EQ(task["status"], "queued") << task.dump();
    EXPECT_EQ(task["attempts"], 3);
    EXPECT_EQ(task["position"], 0);
    auto running = client.get("/api/v1/admin/tasks?status=running", operator_headers()).json();
    EXPECT_TRUE(running["tasks"].empty()) << running.dump();
}

TEST(CrashRecoveryTest, EveryAcknowledgedSubmissionSurvivesKill9) {
    TempDir dir;
    // One sleep at a time: the blocker runs, the others wait in the queue until the kill.
    HostProcessOptions one_sleep = options(dir);
    one_sleep.env["DMS_SERVICE_CONCURRENCY"] = "sleep=1";
    std::set<std::string> acknowledged;
    {
        HostProcess host(one_sleep);
        HttpClient client(host.port());
        std::string blocker = submit_task(client, "sleep", "bob", "seconds=60")["task_id"];
        wait_for_status(client, "sleep", "bob", blocker, "running");
        for (int i = 0; i < 40; ++i) {
            Response response = client.post(tasks_path("sleep", "alice", "seconds=1"));
            ASSERT_EQ(response.status, 202u) << response.describe();
            acknowledged.insert(response.json()["task_id"].get<std::string>());
        }
        host.kill9();  // at once after the last 202
    }
    HostProcess host(one_sleep);
    HttpClient client(host.port());
    std::set<std::string> found;
    auto page = client.get(tasks_path("sleep", "alice", "limit=1000")).json();
    for (const auto& task : page["tasks"]) found.insert(task["task_id"].get<std::string>());
    EXPECT_EQ(found, acknowledged);
}

}  // namespace
}  // namespace dms::test
