#include <gtest/gtest.h>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

Response submit_raw(TestHost& host, std::string_view user) {
    return host.client().post(TestHost::tasks_path("noop", user));
}

TEST(BlocksTest, GlobalBlockRefusesEverySubmissionUntilUnblocked) {
    TestHost host;
    Response blocked = host.admin_post("/admin/block");
    ASSERT_EQ(blocked.status, 200u) << blocked.describe();
    EXPECT_EQ(blocked.json(), nlohmann::json::parse(R"({"blocked": true, "blocked_users": []})"));

    for (const char* user : {"alice", "bob"}) {
        Response refused = submit_raw(host, user);
        EXPECT_EQ(refused.status, 503u) << refused.describe();
        EXPECT_EQ(refused.error_code(), "blocked");
    }
    EXPECT_EQ(host.admin_get("/admin/blocks").json()["blocked"], true);
    EXPECT_EQ(host.admin_get("/admin/stats").json()["totals"]["submitted"], 0) << "a refused submission stores nothing";
    // Reads go on as usual.
    EXPECT_EQ(host.client().get("/api/v1/services").status, 200u);

    Response unblocked = host.admin_post("/admin/unblock");
    ASSERT_EQ(unblocked.status, 200u) << unblocked.describe();
    EXPECT_EQ(unblocked.json()["blocked"], false);
    EXPECT_EQ(submit_raw(host, "alice").status, 202u);
}

TEST(BlocksTest, UserBlockRefusesOnlyThatUser) {
    TestHost host;
    Response response = host.admin_post("/admin/users/mallory/block");
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.json(), nlohmann::json::parse(R"({"blocked": false, "blocked_users": ["mallory"]})"));
    host.admin_post("/admin/users/eve/block");
    EXPECT_EQ(host.admin_get("/admin/blocks").json()["blocked_users"], nlohmann::json({"eve", "mallory"}));

    Response refused = submit_raw(host, "mallory");
    EXPECT_EQ(refused.status, 503u) << refused.describe();
    EXPECT_EQ(refused.error_code(), "blocked");
    EXPECT_NE(refused.body.find("mallory"), std::string::npos);
    EXPECT_EQ(submit_raw(host, "alice").status, 202u);
    EXPECT_EQ(host.client().post(TestHost::tasks_path("sleep", "mallory", "seconds=0")).status, 503u);

    EXPECT_EQ(host.admin_post("/admin/users/mallory/unblock").json()["blocked_users"], nlohmann::json({"eve"}));
    EXPECT_EQ(submit_raw(host, "mallory").status, 202u);
    EXPECT_EQ(submit_raw(host, "eve").status, 503u);
}

TEST(BlocksTest, BlockingTwiceAndUnblockingAnUnblockedUserAreHarmless) {
    TestHost host;
    EXPECT_EQ(host.admin_post("/admin/block").status, 200u);
    EXPECT_EQ(host.admin_post("/admin/block").json()["blocked"], true);
    EXPECT_EQ(host.admin_post("/admin/unblock").json()["blocked"], false);
    EXPECT_EQ(host.admin_post("/admin/users/nobody/unblock").json()["blocked_users"], nlohmann::json::array());
    EXPECT_EQ(host.admin_post("/admin/users/bad%20name/block").status, 400u);
}

TEST(BlocksTest, ABlockedUserCanStillReadAndCancel) {
    TestHost host;
    std::string id = host.submit("noop", "alice")["task_id"];
    host.wait_for_status("noop", "alice", id, "completed");
    host.admin_post("/admin/users/alice/block");
    EXPECT_EQ(host.client().get(TestHost::task_path("noop", id, "alice")).status, 200u);
    EXPECT_EQ(host.client().get(TestHost::tasks_path("noop", "alice")).status, 200u);
}

// A known mix, with echo for a failure and one sleep slot so one sleep runs and another waits.
TEST(StatsTest, CountsAreExactAfterAKnownMix) {
    TestHost host([](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(
            root / "plugins", {bundled_plugin("noop"), bundled_plugin("sleep"), test_plugin("echo", "echo")});
        config.service_concurrency = {{"sleep", 1}};
    });
    auto empty = host.admin_get("/admin/stats").json();
    EXPECT_EQ(empty["by_status"],
              nlohmann::json::parse(R"({"queued":0,"running":0,"completed":0,"failed":0,"cancelled":0,"retrying":0,"scheduled":0})"));
    EXPECT_TRUE(empty["last_updated"].is_null()) << empty.dump();

    std::string running = host.submit("sleep", "alice", "seconds=60")["task_id"];
    host.wait_for_status("sleep", "alice", running, "running");
    std::string waiting =
        host.submit("sleep", "alice", "", R"({"parameters": {"seconds": 60}, "priority": "high"})")["task_id"];
    std::string dropped = host.submit("sleep", "bob", "seconds=60")["task_id"];
    ASSERT_EQ(host.client().post(TestHost::task_path("sleep", dropped, "bob", "/cancel")).status, 200u);
    for (int i = 0; i < 3; ++i) {
        std::string id = host.submit("noop", "carol")["task_id"];
        host.wait_for_status("noop", "carol", id, "completed");
    }
    std::string failing = host.submit("echo", "dave", "fail=boom")["task_id"];
    auto failed = host.wait_for_status("echo", "dave", failing, "failed");
    EXPECT_EQ(failed["result"]["error"], "boom") << failed.dump();
    // Refusals count for nothing.
    EXPECT_EQ(host.client().post(TestHost::tasks_path("sleep", "alice", "seconds=abc")).status, 422u);

    Response response = host.admin_get("/admin/stats");
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto stats = response.json();
    EXPECT_EQ(stats["by_status"],
              nlohmann::json::parse(R"({"queued":1,"running":1,"completed":3,"failed":1,"cancelled":1,"retrying":0,"scheduled":0})"))
        << stats.dump();
    auto service = [&](const char* name, const char* status) {
        return stats["by_service"].value(name, nlohmann::json::object()).value(status, 0);
    };
    EXPECT_EQ(service("sleep", "queued"), 1);
    EXPECT_EQ(service("sleep", "running"), 1);
    EXPECT_EQ(service("sleep", "cancelled"), 1);
    EXPECT_EQ(service("sleep", "completed"), 0);
    EXPECT_EQ(service("noop", "completed"), 3);
    EXPECT_EQ(service("noop", "queued"), 0);
    EXPECT_EQ(service("echo", "failed"), 1);
    EXPECT_EQ(stats["queued_by_priority"], nlohmann::json::parse(R"({"high":1,"mid":0,"low":0})")) << stats.dump();
    EXPECT_EQ(stats["totals"]["submitted"], 7);
    EXPECT_EQ(stats["totals"]["dispatched"], 5);
    EXPECT_EQ(stats["totals"]["completed"], 3);
    EXPECT_EQ(stats["totals"]["failed"], 1);
    EXPECT_EQ(stats["totals"]["cancelled"], 1);
    EXPECT_EQ(stats["totals"]["requeued"], 0);
    EXPECT_EQ(stats["queued"], 1);
    EXPECT_EQ(stats["dispatched"], 5);
    EXPECT_EQ(stats["canceled"], 1);
    EXPECT_TRUE(stats["last_updated"].is_string()) << stats.dump();

    // A delete takes the task out of the current counts.
    ASSERT_EQ(host.admin_del("/admin/tasks/" + failing).status, 204u);
    EXPECT_EQ(host.admin_get("/admin/stats").json()["by_status"]["failed"], 0);
    host.admin_post("/admin/tasks/" + running + "/cancel");
    host.admin_post("/admin/tasks/" + waiting + "/cancel");
}

}  // namespace
}  // namespace dms::test
