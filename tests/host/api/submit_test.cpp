#include <gtest/gtest.h>

#include "support/test_host.hpp"
#include "util/ids.hpp"

namespace dms::test {
namespace {

const Headers kJson = {{"Content-Type", "application/json"}};

class SubmitTest : public ::testing::Test {
 protected:
    Response post(std::string_view service, std::string_view user, std::string_view query = "",
                  std::string_view body = "") {
        return host_.client().post(TestHost::tasks_path(service, user, query), body, kJson);
    }

    // A refused submission: status, error code, and (when given) a part of the message.
    void expect_refused(const Response& response, unsigned status, std::string_view code, std::string_view says = "") {
        EXPECT_EQ(response.status, status) << response.describe();
        EXPECT_EQ(response.error_code(), code) << response.describe();
        if (!says.empty()) {
            EXPECT_NE(response.body.find(says), std::string::npos) << response.describe();
        }
    }

    // Nothing was stored by any refused submission.
    void expect_nothing_submitted() {
        auto stats = host_.admin_get("/admin/stats").json();
        EXPECT_EQ(stats["totals"]["submitted"], 0) << stats.dump();
    }

    TestHost host_;
};

TEST_F(SubmitTest, QueryParametersBecomeStringParameters) {
    Response response = post("sleep", "alice", "seconds=0.2");
    ASSERT_EQ(response.status, 202u) << response.describe();
    auto task = response.json();
    EXPECT_TRUE(util::looks_like_task_id(task["task_id"].get<std::string>())) << task.dump();
    EXPECT_EQ(task["status"], "queued");
    EXPECT_EQ(task["service"], "sleep");
    EXPECT_EQ(task["user_id"], "alice");
    EXPECT_EQ(task["priority"], "low");
    EXPECT_EQ(task["parameters"], nlohmann::json({{"seconds", "0.2"}}));
    EXPECT_TRUE(has_log_containing(task, "Task queued")) << task.dump();
    std::string id = task["task_id"];
    EXPECT_EQ(response.header("Location"), "/api/v1/services/sleep/tasks/" + id + "?user_id=alice");

    Response located = host_.client().get(response.header("Location"));
    ASSERT_EQ(located.status, 200u) << located.describe();
    EXPECT_EQ(located.json()["task_id"], id);

    auto done = host_.wait_for_status("sleep", "alice", id, "completed");
    EXPECT_EQ(done["result"]["slept_seconds"], 0.2);
    EXPECT_EQ(done["attempts"], 1);
    EXPECT_EQ(done["progress"]["done"], 0.2);
    EXPECT_EQ(done["progress"]["unit"], "seconds");
    EXPECT_TRUE(done["started_at"].is_string() && done["finished_at"].is_string()) << done.dump();
}

TEST_F(SubmitTest, JsonBodyGivesParametersAndPriority) {
    Response response = post("sleep", "alice", "", R"({"parameters": {"seconds": 0}, "priority": "high"})");
    ASSERT_EQ(response.status, 202u) << response.describe();
    auto task = response.json();
    EXPECT_EQ(task["priority"], "high");
    EXPECT_EQ(task["parameters"], nlohmann::json({{"seconds", 0}}));
    host_.wait_for_status("sleep", "alice", task["task_id"].get<std::string>(), "completed");
}

TEST_F(SubmitTest, QueryAndBodyParametersWithDistinctNamesAreMerged) {
    Response response = post("noop", "alice", "a=1", R"({"parameters": {"b": [2]}, "priority": "mid"})");
    ASSERT_EQ(response.status, 202u) << response.describe();
    EXPECT_EQ(response.json()["parameters"], nlohmann::json::parse(R"({"a": "1", "b": [2]})"));
    EXPECT_EQ(response.json()["priority"], "mid");
}

TEST_F(SubmitTest, AUserIdWithSpecialCharactersRoundTripsThroughLocation) {
    Response response = post("noop", "a.b+c@d-e_f");
    ASSERT_EQ(response.status, 202u) << response.describe();
    EXPECT_EQ(response.json()["user_id"], "a.b+c@d-e_f");
    // In a query '+' means a space, so the Location must carry it encoded.
    EXPECT_EQ(response.header("Location").find('+'), std::string::npos) << response.header("Location");
    Response located = host_.client().get(response.header("Location"));
    ASSERT_EQ(located.status, 200u) << response.header("Location") << " -> " << located.describe();
    EXPECT_EQ(located.json()["user_id"], "a.b+c@d-e_f");
}

TEST_F(SubmitTest, ParameterInBothQueryAndBodyIs400) {
    expect_refused(post("sleep", "alice", "seconds=1", R"({"parameters": {"seconds": 2}})"), 400, "bad_request",
                   "seconds");
    expect_refused(post("noop", "alice", "a=1&a=2"), 400, "bad_request", "twice");
    expect_nothing_submitted();
}

TEST_F(SubmitTest, MalformedBodiesAre400) {
    expect_refused(post("noop", "alice", "", "{\"parameters\": "), 400, "bad_request", "not valid JSON");
    expect_refused(post("noop", "alice", "", "[1, 2]"), 400, "bad_request", "object");
    expect_refused(post("noop", "alice", "", "\"text\""), 400, "bad_request", "object");
    expect_refused(post("noop", "alice", "", R"({"parameters": {}, "colour": "red"})"), 400, "bad_request", "colour");
    expect_refused(post("noop", "alice", "", R"({"parameters": [1]})"), 400, "bad_request", "parameters");
    expect_refused(post("noop", "alice", "", R"({"parameters": "seconds=1"})"), 400, "bad_request", "parameters");
    expect_nothing_submitted();
}

TEST_F(SubmitTest, BadPriorityIs400) {
    for (const char* body :
         {R"({"priority": "urgent"})", R"({"priority": 1})", R"({"priority": null})", R"({"priority": "HIGH"})"}) {
        expect_refused(post("noop", "alice", "", body), 400, "bad_request", "priority");
    }
    expect_nothing_submitted();
}

TEST_F(SubmitTest, UnknownServiceIs422) {
    expect_refused(post("teleport", "alice"), 422, "unknown_service", "teleport");
    expect_nothing_submitted();
}

TEST_F(SubmitTest, ParametersThePluginRejectsAre422WithThePluginsMessage) {
    expect_refused(post("sleep", "alice", "seconds=abc"), 422, "invalid_parameters",
                   "parameter 'seconds' must be a number from 0 to 86400");
    expect_refused(post("sleep", "alice"), 422, "invalid_parameters", "parameter 'seconds' is required");
    expect_refused(post("sleep", "alice", "seconds=1&colour=red"), 422, "invalid_parameters", "colour");
    expect_refused(post("sleep", "alice", "", R"({"parameters": {"seconds": -1}})"), 422, "invalid_parameters",
                   "seconds");
    expect_nothing_submitted();
}

TEST_F(SubmitTest, InvalidUserIdIs400) {
    expect_refused(post("noop", "bad%20user"), 400, "bad_request", "user_id");
    expect_refused(post("noop", "bad%2Fuser"), 400, "bad_request", "user_id");
    expect_refused(post("noop", std::string(129, 'u')), 400, "bad_request", "user_id");
    expect_refused(post("noop", "%C3%A9"), 400, "bad_request", "user_id");
    EXPECT_EQ(post("noop", std::string(128, 'u')).status, 202u);
}

TEST_F(SubmitTest, InvalidServiceNameIs400) {
    expect_refused(post("no%20such", "alice"), 400, "bad_request", "service");
}

TEST_F(SubmitTest, EachSubmissionGetsItsOwnTask) {
    std::set<std::string> ids;
    for (int i = 0; i < 10; ++i) ids.insert(host_.submit("noop", "alice")["task_id"].get<std::string>());
    EXPECT_EQ(ids.size(), 10u);
    auto stats = host_.admin_get("/admin/stats").json();
    EXPECT_EQ(stats["totals"]["submitted"], 10);
}

}  // namespace
}  // namespace dms::test
