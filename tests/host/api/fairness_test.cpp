// Fairness over real HTTP: pausing a service's queue, caps on running tasks, the submission rate limit (429 with
// Retry-After) and the waiting object of a task's GET. Every check is an order or a count, never a race with a clock.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/test_host.hpp"
#include "util/time_parse.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// Stops the sleeping tasks a test left running, so the host shuts down at once.
void cancel_all(TestHost& host, std::initializer_list<std::string> ids) {
    for (const std::string& id : ids) host.admin_post("/admin/tasks/" + id + "/cancel");
}

TEST(PauseTest, APausedServiceHoldsItsQueueWhileOthersRunThenResumes) {
    TestHost host;
    Response paused = host.admin_post("/admin/services/noop/pause");
    ASSERT_EQ(paused.status, 200u) << paused.describe();
    EXPECT_EQ(paused.json(), nlohmann::json::parse(R"({"paused_services": ["noop"]})"));
    EXPECT_EQ(host.admin_get("/admin/services/paused").json()["paused_services"], nlohmann::json({"noop"}));
    EXPECT_EQ(host.admin_get("/admin/stats").json()["paused_services"], nlohmann::json({"noop"}));

    std::string held = host.submit("noop", "alice")["task_id"];
    // Submitted after the paused task, so a lease that could take the paused one would have taken it first.
    std::string other = host.submit("sleep", "alice", "seconds=0")["task_id"];
    host.wait_for_status("sleep", "alice", other, "completed");
    auto waiting = host.get_task("noop", "alice", held);
    EXPECT_EQ(waiting["status"], "queued") << waiting.dump();
    EXPECT_EQ(waiting["waiting"]["reason"], "paused") << waiting.dump();
    EXPECT_TRUE(waiting["waiting"]["estimated_start"].is_null()) << waiting.dump();

    Response resumed = host.admin_post("/admin/services/noop/resume");
    ASSERT_EQ(resumed.status, 200u) << resumed.describe();
    EXPECT_EQ(resumed.json()["paused_services"], nlohmann::json::array());
    auto done = host.wait_for_status("noop", "alice", held, "completed");
    EXPECT_FALSE(done.contains("waiting")) << done.dump();
}

TEST(PauseTest, PausingLetsARunningTaskFinish) {
    TestHost host;
    std::string running = host.submit("sleep", "alice", "seconds=0.3")["task_id"];
    host.wait_for_status("sleep", "alice", running, "running");
    ASSERT_EQ(host.admin_post("/admin/services/sleep/pause").status, 200u);
    host.wait_for_status("sleep", "alice", running, "completed");
}

TEST(PauseTest, PauseRoutesRefuseBadInput) {
    TestHost host;
    Response unknown = host.admin_post("/admin/services/nosuch/pause");
    EXPECT_EQ(unknown.status, 422u) << unknown.describe();
    EXPECT_EQ(unknown.error_code(), "unknown_service");
    EXPECT_EQ(host.admin_post("/admin/services/bad%20name/resume").status, 400u);
    EXPECT_EQ(host.client().post("/api/v1/admin/services/noop/pause").status, 401u);
    EXPECT_EQ(host.admin_get("/admin/services/paused").json()["paused_services"], nlohmann::json::array())
        << "a refused pause changes nothing";
    // Twice is once; resuming a running service is harmless.
    host.admin_post("/admin/services/noop/pause");
    EXPECT_EQ(host.admin_post("/admin/services/noop/pause").json()["paused_services"], nlohmann::json({"noop"}));
    EXPECT_EQ(host.admin_post("/admin/services/sleep/resume").json()["paused_services"], nlohmann::json({"noop"}));
}

TEST(RunningCapTest, ACappedUserWaitsWhileOthersRun) {
    TestHost host([](config::Config& config, const std::filesystem::path&) {
        config.service_overrides.max_running_per_user = {{"sleep", 1}};
    });
    std::string first = host.submit("sleep", "alice", "seconds=30")["task_id"];
    host.wait_for_status("sleep", "alice", first, "running");
    std::string second = host.submit("sleep", "alice", "seconds=30")["task_id"];
    // Bob's task comes after alice's second, and a worker is free: it is taken, hers is passed over.
    std::string bobs = host.submit("sleep", "bob", "seconds=30")["task_id"];
    host.wait_for_status("sleep", "bob", bobs, "running");
    auto waiting = host.get_task("sleep", "alice", second);
    EXPECT_EQ(waiting["status"], "queued") << waiting.dump();
    EXPECT_EQ(waiting["waiting"]["reason"], "capped") << waiting.dump();
    // Her first ends: the second may start.
    host.admin_post("/admin/tasks/" + first + "/cancel");
    host.wait_for_status("sleep", "alice", second, "running");
    cancel_all(host, {second, bobs});
}

TEST(RunningCapTest, AServiceCapHoldsItsTasksBackFromFreeWorkers) {
    TestHost host([](config::Config& config, const std::filesystem::path&) {
        config.service_overrides.max_running = {{"sleep", 1}};
    });
    std::string first = host.submit("sleep", "alice", "seconds=30")["task_id"];
    host.wait_for_status("sleep", "alice", first, "running");
    std::string second = host.submit("sleep", "bob", "seconds=30")["task_id"];
    std::string noop = host.submit("noop", "bob")["task_id"];
    host.wait_for_status("noop", "bob", noop, "completed");
    auto waiting = host.get_task("sleep", "bob", second);
    EXPECT_EQ(waiting["status"], "queued") << waiting.dump();
    EXPECT_EQ(waiting["waiting"]["reason"], "capped") << waiting.dump();
    cancel_all(host, {first, second});
}

TEST(SubmitRateTest, AUserOverTheRateGets429WithRetryAfterAndOthersDoNot) {
    TestHost host([](config::Config& config, const std::filesystem::path&) {
        config.submit_rate_per_user = 0.001;  // one token every 1000 s: nothing refills during the test
        config.submit_burst_per_user = 2;
    });
    host.submit("noop", "alice");
    host.submit("noop", "alice");
    Response refused = host.client().post(TestHost::tasks_path("noop", "alice"));
    ASSERT_EQ(refused.status, 429u) << refused.describe();
    EXPECT_EQ(refused.error_code(), "rate_limited");
    EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("alice"), std::string::npos);
    std::string retry_after = refused.header("Retry-After");
    ASSERT_FALSE(retry_after.empty()) << refused.describe();
    EXPECT_GE(std::stoi(retry_after), 1);
    EXPECT_LE(std::stoi(retry_after), 1000);
    EXPECT_EQ(host.client().post(TestHost::tasks_path("noop", "bob")).status, 202u);
    EXPECT_EQ(host.admin_get("/admin/stats").json()["totals"]["submitted"], 3) << "the refused one stored nothing";
}

TEST(SubmitRateTest, ThereIsNoLimitByDefault) {
    TestHost host;
    for (int i = 0; i < 20; ++i) EXPECT_EQ(host.client().post(TestHost::tasks_path("noop", "alice")).status, 202u);
}

TEST(WaitingTest, AQueuedTaskTellsItsPositionAndAStartOnceThroughputIsKnown) {
    TestHost host([](config::Config& config, const std::filesystem::path&) {
        config.service_concurrency = {{"sleep", 1}};
    });
    std::string running = host.submit("sleep", "alice", "seconds=30")["task_id"];
    host.wait_for_status("sleep", "alice", running, "running");
    std::string queued = host.submit("sleep", "alice", "seconds=30")["task_id"];
    auto before = host.get_task("sleep", "alice", queued);
    EXPECT_EQ(before["waiting"]["reason"], "queued") << before.dump();
    EXPECT_EQ(before["waiting"]["position"], 0) << before.dump();
    EXPECT_TRUE(before["waiting"]["estimated_start"].is_null()) << "no attempt has ended here yet: " << before.dump();
    auto running_task = host.get_task("sleep", "alice", running);
    EXPECT_FALSE(running_task.contains("waiting")) << running_task.dump();

    std::string noop = host.submit("noop", "bob")["task_id"];
    host.wait_for_status("noop", "bob", noop, "completed");
    auto after = host.get_task("sleep", "alice", queued);
    ASSERT_TRUE(after["waiting"]["estimated_start"].is_string()) << after.dump();
    auto start = util::parse_rfc3339(after["waiting"]["estimated_start"].get<std::string>());
    ASSERT_TRUE(start) << after.dump();
    EXPECT_GE(*start, task::now() - 1min);
    cancel_all(host, {running, queued});
}

TEST(WaitingTest, AScheduledTaskWaitsForItsTime) {
    TestHost host;
    auto run_at = task::now() + 1h;
    auto submitted = host.submit("noop", "alice", "",
                                 nlohmann::json{{"run_at", util::format_rfc3339_utc(run_at)}}.dump());
    auto task = host.get_task("noop", "alice", submitted["task_id"].get<std::string>());
    EXPECT_EQ(task["waiting"]["reason"], "scheduled") << task.dump();
    EXPECT_EQ(task["waiting"]["estimated_start"], task["next_run_at"]) << task.dump();
    EXPECT_FALSE(task["waiting"].contains("position"));
}

}  // namespace
}  // namespace dms::test
