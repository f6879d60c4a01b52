#include <gtest/gtest.h>

#include <regex>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

const std::string kAbsentId = "00000000-0000-4000-8000-000000000000";

// One sleep at a time, so a second sleep task stays queued while the first runs.
class AdminTest : public ::testing::Test {
 protected:
    AdminTest()
        : host_([](config::Config& config, const std::filesystem::path&) {
              config.service_concurrency = {{"sleep", 1}};
          }) {}

    void TearDown() override {
        // Let nothing run on into the shutdown.
        if (!blocker_.empty()) host_.admin_post("/admin/tasks/" + blocker_ + "/cancel");
    }

    // Occupies the only sleep slot; returns a sleep task that then stays queued.
    std::string queued_sleep(std::string_view user = "alice") {
        if (blocker_.empty()) {
            blocker_ = host_.submit("sleep", "blocker", "seconds=60")["task_id"];
            host_.wait_for_status("sleep", "blocker", blocker_, "running");
        }
        return host_.submit("sleep", user, "seconds=60")["task_id"];
    }

    TestHost host_;
    std::string blocker_;
};

TEST_F(AdminTest, EveryOperatorRouteRefusesAMissingOrWrongToken) {
    auto routes = host_.client().get("/api/v1/help").json()["routes"];
    int checked = 0;
    for (const auto& route : routes) {
        if (route["auth"] != "X-Operator-Token") continue;
        std::string path = std::regex_replace(route["path"].get<std::string>(), std::regex("\\{[a-z_]+\\}"), "x");
        auto verb = boost::beast::http::string_to_verb(route["method"].get<std::string>());
        for (const Headers& headers :
             {Headers{}, operator_headers("wrong"), operator_headers("test-token2"), operator_headers("TEST-TOKEN"),
              operator_headers(""), Headers{{"Authorization", "Bearer test-token"}}}) {
            Response response = host_.client().request(verb, path, "", headers);
            EXPECT_EQ(response.status, 401u) << path << ": " << response.describe();
            EXPECT_EQ(response.error_code(), "unauthorized") << path;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 14 + 6 + 3 + 8);  // + API keys and audit, + paused services, + recurring templates
    EXPECT_FALSE(host_.admin_get("/admin/blocks").json()["blocked"]) << "a refused block must change nothing";
}

TEST_F(AdminTest, TheRightTokenIsAccepted) {
    Response response = host_.admin_get("/admin/tasks");
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.json()["tasks"], nlohmann::json::array());
    EXPECT_TRUE(response.json()["next_cursor"].is_null());
}

TEST_F(AdminTest, ListFiltersByServiceUserStatusAndPriority) {
    std::string a1 = host_.submit("noop", "alice")["task_id"];
    std::string b1 = host_.submit("noop", "bob", "", R"({"priority": "high"})")["task_id"];
    host_.wait_for_status("noop", "alice", a1, "completed");
    host_.wait_for_status("noop", "bob", b1, "completed");
    std::string queued = queued_sleep("alice");

    auto count = [&](std::string_view query) {
        Response response = host_.admin_get("/admin/tasks" + std::string(query));
        EXPECT_EQ(response.status, 200u) << query << ": " << response.describe();
        return response.json()["tasks"].size();
    };
    EXPECT_EQ(count(""), 4u);
    EXPECT_EQ(count("?service=noop"), 2u);
    EXPECT_EQ(count("?user_id=alice"), 2u);
    EXPECT_EQ(count("?service=noop&user_id=bob"), 1u);
    EXPECT_EQ(count("?status=queued"), 1u);
    EXPECT_EQ(count("?status=running"), 1u);
    EXPECT_EQ(count("?priority=high"), 1u);
    EXPECT_EQ(count("?limit=2"), 2u);
    EXPECT_EQ(host_.admin_get("/admin/tasks?status=queued").json()["tasks"][0]["task_id"], queued);

    Response by_service = host_.admin_get("/admin/services/sleep/tasks?status=running");
    ASSERT_EQ(by_service.status, 200u) << by_service.describe();
    ASSERT_EQ(by_service.json()["tasks"].size(), 1u);
    EXPECT_EQ(by_service.json()["tasks"][0]["task_id"], blocker_);
    EXPECT_EQ(host_.admin_get("/admin/services/noop/tasks?user_id=alice").json()["tasks"].size(), 1u);

    for (const char* bad : {"?status=nope", "?limit=0", "?cursor=bogus", "?colour=red", "?service=a&service=b"}) {
        Response response = host_.admin_get("/admin/tasks" + std::string(bad));
        EXPECT_EQ(response.status, 400u) << bad << ": " << response.describe();
    }
}

TEST_F(AdminTest, GetAnyTaskShowsItsPositionWhileQueued) {
    std::string queued = queued_sleep();
    Response response = host_.admin_get("/admin/tasks/" + queued);
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.json()["position"], 0);
    EXPECT_EQ(response.json()["user_id"], "alice");
    auto running = host_.admin_get("/admin/tasks/" + blocker_).json();
    EXPECT_FALSE(running.contains("position"));
    EXPECT_TRUE(running["running_on"].is_string());
    EXPECT_EQ(host_.admin_get("/admin/tasks/" + kAbsentId).status, 404u);
    EXPECT_EQ(host_.admin_get("/admin/tasks/not-an-id").status, 404u);
}

TEST_F(AdminTest, CancelAnyTask) {
    std::string queued = queued_sleep("carol");
    Response response = host_.admin_post("/admin/tasks/" + queued + "/cancel");
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.json()["status"], "cancelled");
    EXPECT_TRUE(has_log_containing(host_.get_task("sleep", "carol", queued), "Cancelled by operator"));

    Response running = host_.admin_post("/admin/tasks/" + blocker_ + "/cancel");
    ASSERT_EQ(running.status, 200u) << running.describe();
    auto ended = host_.wait_for_status("sleep", "blocker", blocker_, "cancelled");
    EXPECT_TRUE(has_log_containing(ended, "Cancel requested by operator")) << ended.dump();
    blocker_.clear();

    Response again = host_.admin_post("/admin/tasks/" + queued + "/cancel");
    EXPECT_EQ(again.status, 409u) << again.describe();
    EXPECT_EQ(again.error_code(), "illegal_transition");
    EXPECT_EQ(host_.admin_post("/admin/tasks/" + kAbsentId + "/cancel").status, 404u);
}

TEST_F(AdminTest, DeleteAnyTask) {
    std::string id = host_.submit("noop", "dave")["task_id"];
    host_.wait_for_status("noop", "dave", id, "completed");
    Response response = host_.admin_del("/admin/tasks/" + id);
    EXPECT_EQ(response.status, 204u) << response.describe();
    EXPECT_EQ(host_.client().get(TestHost::task_path("noop", id, "dave")).status, 404u);
    EXPECT_EQ(host_.admin_del("/admin/tasks/" + id).status, 404u);
    EXPECT_TRUE(host_.admin_get("/admin/tasks?user_id=dave").json()["tasks"].empty());
}

TEST_F(AdminTest, PriorityChangeIsLoggedOnTheTask) {
    std::string queued = queued_sleep();
    Response response = host_.admin_put("/admin/tasks/" + queued + "/priority", R"({"priority": "high"})");
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.json()["priority"], "high");
    EXPECT_EQ(response.json()["status"], "queued");
    auto task = host_.get_task("sleep", "alice", queued);
    EXPECT_EQ(task["priority"], "high");
    EXPECT_TRUE(has_log_containing(task, "Priority changed from low to high by operator")) << task.dump();
}

// The answer is the task after the change, so it shows the line the change logged (as GET does).
TEST_F(AdminTest, PriorityAnswerShowsTheLoggedLine) {
    std::string queued = queued_sleep();
    Response response = host_.admin_put("/admin/tasks/" + queued + "/priority", R"({"priority": "mid"})");
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto answer = response.json();
    EXPECT_EQ(answer["logs"].size(), answer["log_count"].get<std::size_t>()) << answer.dump();
    EXPECT_TRUE(has_log_containing(answer, "Priority changed from low to mid by operator")) << answer.dump();
}

TEST_F(AdminTest, PriorityChangeOfAFinalTaskIs409AndChangesNothing) {
    std::string id = host_.submit("noop", "alice")["task_id"];
    auto before = host_.wait_for_status("noop", "alice", id, "completed");
    Response response = host_.admin_put("/admin/tasks/" + id + "/priority", R"({"priority": "high"})");
    EXPECT_EQ(response.status, 409u) << response.describe();
    EXPECT_EQ(response.error_code(), "illegal_transition");
    EXPECT_EQ(host_.get_task("noop", "alice", id), before);
}

TEST_F(AdminTest, PriorityChangeWithABadBodyIs400) {
    std::string queued = queued_sleep();
    for (const char* body : {"", "{}", "not json", "[\"high\"]", R"({"priority": "urgent"})", R"({"priority": 0})"}) {
        Response response = host_.admin_put("/admin/tasks/" + queued + "/priority", body);
        EXPECT_EQ(response.status, 400u) << "body '" << body << "': " << response.describe();
        EXPECT_EQ(response.error_code(), "bad_request");
    }
    EXPECT_EQ(host_.get_task("sleep", "alice", queued)["priority"], "low");
    EXPECT_EQ(host_.admin_put("/admin/tasks/" + kAbsentId + "/priority", R"({"priority": "high"})").status, 404u);
}

}  // namespace
}  // namespace dms::test
