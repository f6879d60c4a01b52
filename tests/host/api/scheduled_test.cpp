// Delayed tasks: a submission with run_at waits as scheduled, then runs once due; over HTTP against a real host.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/test_host.hpp"
#include "util/time_parse.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

std::string run_at_body(task::Timestamp at) {
    return nlohmann::json{{"run_at", util::format_rfc3339_utc(at)}}.dump();
}

task::Timestamp time_of(const nlohmann::json& value) {
    auto at = util::parse_rfc3339(value.get<std::string>());
    if (!at) ADD_FAILURE() << "not an RFC 3339 time: " << value;
    return at.value_or(task::Timestamp{});
}

TEST(ScheduledTest, ATaskWithRunAtWaitsAsScheduledThenRunsNoEarlier) {
    TestHost host;
    const task::Timestamp run_at = task::now() + 1500ms;
    auto submitted = host.submit("noop", "alice", "", run_at_body(run_at));
    std::string id = submitted["task_id"];
    EXPECT_EQ(submitted["status"], "scheduled") << submitted.dump();
    ASSERT_TRUE(submitted["next_run_at"].is_string()) << submitted.dump();
    EXPECT_EQ(std::chrono::floor<std::chrono::milliseconds>(time_of(submitted["next_run_at"])),
              std::chrono::floor<std::chrono::milliseconds>(run_at));
    EXPECT_FALSE(submitted.contains("position")) << "a scheduled task holds no place yet";
    EXPECT_EQ(host.admin_get("/admin/stats").json()["by_status"]["scheduled"], 1);

    auto done = host.wait_for_status("noop", "alice", id, "completed", 20s);
    EXPECT_GE(time_of(done["started_at"]), run_at) << done.dump();
    EXPECT_TRUE(done["next_run_at"].is_null());
    EXPECT_TRUE(has_log_containing(done, "Task scheduled for " + util::format_rfc3339_utc(run_at))) << done.dump();
}

TEST(ScheduledTest, ARunAtInThePastRunsAtOnce) {
    TestHost host;
    auto submitted = host.submit("noop", "alice", "", run_at_body(task::now() - 1h));
    EXPECT_EQ(submitted["status"], "queued") << submitted.dump();
    host.wait_for_status("noop", "alice", submitted["task_id"].get<std::string>(), "completed");
}

TEST(ScheduledTest, AScheduledTaskCanBeCancelledAndListedByStatus) {
    TestHost host;
    std::string id = host.submit("noop", "alice", "", run_at_body(task::now() + 1h))["task_id"];
    auto listed = host.client().get(TestHost::tasks_path("noop", "alice") + "?status=scheduled");
    ASSERT_EQ(listed.status, 200u) << listed.body;
    ASSERT_EQ(listed.json()["tasks"].size(), 1u) << listed.body;
    EXPECT_EQ(listed.json()["tasks"][0]["task_id"], id);

    auto cancelled = host.client().post(TestHost::task_path("noop", id, "alice", "/cancel"));
    ASSERT_EQ(cancelled.status, 200u) << cancelled.body;
    EXPECT_EQ(cancelled.json()["status"], "cancelled");
    EXPECT_TRUE(cancelled.json()["next_run_at"].is_null());
    EXPECT_EQ(host.admin_get("/admin/stats").json()["by_status"]["scheduled"], 0);
}

TEST(ScheduledTest, BadRunAtIsRefused) {
    TestHost host;
    for (std::string_view body : {R"({"run_at": "tomorrow"})", R"({"run_at": "2026-12-04T09:30:00"})",
                                  R"({"run_at": 1796376600})", R"({"run_at": "2026-02-30T09:30:00Z"})",
                                  R"({"run_at": "9999-01-01T00:00:00Z"})", R"({"run_at": null})"}) {
        auto answer = host.client().post(TestHost::tasks_path("noop", "alice"), body,
                                         {{"Content-Type", "application/json"}});
        EXPECT_EQ(answer.status, 400u) << body << " " << answer.body;
        EXPECT_EQ(answer.json()["error"]["code"], "bad_request") << answer.body;
    }
    auto tasks = host.admin_get("/admin/stats").json()["totals"]["submitted"];
    EXPECT_EQ(tasks, 0) << "nothing refused was stored";
}

}  // namespace
}  // namespace dms::test
