// Retries with backoff, the attempt history, dead letters and the operator's retry, over HTTP against a real host.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "echo_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> outcomes(const nlohmann::json& task) {
    std::vector<std::string> seen;
    for (const auto& attempt : task["attempt_history"]) seen.push_back(attempt["outcome"]);
    return seen;
}

TEST(RetryTest, AFailingTaskIsRetriedWithBackoffUntilItSucceeds) {
    TestHost host(with_echo());
    std::string id = host.submit("echo", "alice", "fail=flaky&fail_attempts=2", R"({"max_retries": 3})")["task_id"];
    auto task = host.wait_for_status("echo", "alice", id, "completed");
    EXPECT_EQ(task["attempts"], 3) << task.dump();
    EXPECT_EQ(task["failures"], 2);
    EXPECT_EQ(task["max_retries"], 3);
    EXPECT_EQ(outcomes(task), (std::vector<std::string>{"failed", "failed", "completed"})) << task.dump();
    EXPECT_EQ(task["attempt_history"][0]["error"], "flaky");
    EXPECT_EQ(task["attempt_history"][0]["number"], 1);
    EXPECT_FALSE(task["attempt_history"][0]["host"].get<std::string>().empty());
    EXPECT_TRUE(task["attempt_history"][2]["error"].is_null());
    EXPECT_TRUE(has_log_containing(task, "retry 1 of 3")) << task.dump();
    EXPECT_TRUE(has_log_containing(task, "retry 2 of 3")) << task.dump();
    auto totals = host.admin_get("/admin/stats").json()["totals"];
    EXPECT_EQ(totals["retried"], 2) << totals.dump();
}

TEST(RetryTest, ServiceDefaultRetriesApplyWhenTheTaskSetsNone) {
    TestHost host(with_echo([](config::Config& config, const std::filesystem::path&) {
        config.service_overrides.max_retries["echo"] = 1;
    }));
    auto submitted = host.submit("echo", "alice", "fail=always");
    EXPECT_EQ(submitted["max_retries"], 1) << submitted.dump();
    auto task = host.wait_for_status("echo", "alice", submitted["task_id"].get<std::string>(), "failed");
    EXPECT_EQ(outcomes(task), (std::vector<std::string>{"failed", "failed"})) << task.dump();
    EXPECT_EQ(task["result"]["error"], "always");
    EXPECT_EQ(task["failures"], 2);
}

TEST(RetryTest, ARetryingTaskWaitsForItsTimeAndCanBeCancelled) {
    TestHost host(with_echo([](config::Config& config, const std::filesystem::path&) {
        config.retry_base_seconds = 60;
        config.retry_cap_seconds = 60;
    }));
    std::string id = host.submit("echo", "alice", "fail=later", R"({"max_retries": 2})")["task_id"];
    auto waiting = host.wait_for_status("echo", "alice", id, "retrying");
    ASSERT_TRUE(waiting["next_run_at"].is_string()) << waiting.dump();
    EXPECT_FALSE(waiting.contains("position"));
    EXPECT_EQ(host.admin_get("/admin/stats").json()["by_status"]["retrying"], 1);

    auto cancelled = host.client().post(TestHost::task_path("echo", id, "alice", "/cancel"));
    ASSERT_EQ(cancelled.status, 200u) << cancelled.body;
    EXPECT_EQ(cancelled.json()["status"], "cancelled");
    EXPECT_TRUE(cancelled.json()["next_run_at"].is_null());
}

TEST(RetryTest, APermanentFailureIsNotRetried) {
    TestHost host(with_echo());
    std::string id =
        host.submit("echo", "alice", "fail=no+such+file&permanent=true", R"({"max_retries": 5})")["task_id"];
    auto task = host.wait_for_status("echo", "alice", id, "failed");
    EXPECT_EQ(task["attempts"], 1) << task.dump();
    EXPECT_EQ(task["result"]["error"], "no such file");
}

TEST(RetryTest, ExhaustedTasksAreDeadLettersAndAnOperatorRetryGivesAFreshBudget) {
    TestHost host(with_echo());
    std::string dead = host.submit("echo", "alice", "fail=broken", R"({"max_retries": 1})")["task_id"];
    std::string fine = host.submit("noop", "alice")["task_id"];
    host.wait_for_status("echo", "alice", dead, "failed");
    host.wait_for_status("noop", "alice", fine, "completed");

    auto letters = host.admin_get("/admin/dead-letters");
    ASSERT_EQ(letters.status, 200u) << letters.body;
    ASSERT_EQ(letters.json()["tasks"].size(), 1u) << letters.body;
    EXPECT_EQ(letters.json()["tasks"][0]["task_id"], dead);
    EXPECT_EQ(letters.json()["tasks"][0]["result"]["error"], "broken");
    EXPECT_EQ(host.admin_get("/admin/dead-letters?status=completed").status, 400u);

    auto retried = host.admin_post("/admin/tasks/" + dead + "/retry");
    ASSERT_EQ(retried.status, 200u) << retried.body;
    // The answer is the task as read back, which its next attempt may already have moved on.
    EXPECT_TRUE(has_log_containing(retried.json(), "Retried by operator")) << retried.body;
    // Its two failed attempts again, then two more: the budget was fresh, the history kept.
    ASSERT_TRUE(wait_until([&] { return host.get_task("echo", "alice", dead)["attempt_history"].size() == 4; }));
    auto again = host.wait_for_status("echo", "alice", dead, "failed");
    EXPECT_EQ(outcomes(again), (std::vector<std::string>{"failed", "failed", "failed", "failed"})) << again.dump();
    EXPECT_TRUE(has_log_containing(again, "Retried by operator"));

    EXPECT_EQ(host.admin_post("/admin/tasks/" + fine + "/retry").status, 409u);
    EXPECT_EQ(host.admin_post("/admin/tasks/00000000-0000-7000-8000-000000000000/retry").status, 404u);
    EXPECT_EQ(host.client().post(std::string(kApi) + "/admin/tasks/" + dead + "/retry").status, 401u);
}

TEST(RetryTest, BadRetryAndTimeoutFieldsAreRefused) {
    TestHost host(with_echo());
    for (std::string_view body : {R"({"max_retries": -1})", R"({"max_retries": "3"})", R"({"max_retries": 1001})",
                                  R"({"max_retries": 1.5})", R"({"timeout_seconds": 0})", R"({"timeout_seconds": "5"})",
                                  R"({"timeout_seconds": -2})"}) {
        auto answer = host.client().post(TestHost::tasks_path("echo", "alice"), body,
                                         {{"Content-Type", "application/json"}});
        EXPECT_EQ(answer.status, 400u) << body << " " << answer.body;
        EXPECT_EQ(answer.json()["error"]["code"], "bad_request") << answer.body;
    }
}

}  // namespace
}  // namespace dms::test
