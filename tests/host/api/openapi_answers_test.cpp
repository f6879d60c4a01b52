#include <gtest/gtest.h>

#include "openapi_schema.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

// Real answers of a running host, each held to the schema the document gives for its route and status.
class OpenApiAnswersTest : public ::testing::Test {
 protected:
    OpenApiAnswersTest() : schema_(host_.client().get(std::string(kApi) + "/openapi.json").json()) {}

    // `response` has `status` and its body fits the documented answer of `method` on `path`.
    void expect_fits(const Response& response, const std::string& method, const std::string& path, unsigned status) {
        ASSERT_EQ(response.status, status) << method << " " << path << ": " << response.describe();
        std::string key = std::to_string(status);
        if (status == 204) {
            EXPECT_TRUE(response.body.empty());
            return;
        }
        nlohmann::json body = schema_.response_schema(path, method, key);
        for (const auto& problem : schema_.violations(response.json(), body)) {
            ADD_FAILURE() << method << " " << path << " " << status << ": " << problem << "\n" << response.body;
        }
    }

    TestHost host_;
    OpenApiSchema schema_;
};

TEST_F(OpenApiAnswersTest, SystemAnswersFitTheirSchemas) {
    expect_fits(host_.client().get("/healthz"), "get", "/healthz", 200);
    expect_fits(host_.client().get("/readyz"), "get", "/readyz", 200);
    expect_fits(host_.client().get(std::string(kApi) + "/help"), "get", "/help", 200);
    expect_fits(host_.client().get(std::string(kApi) + "/services"), "get", "/services", 200);
}

TEST_F(OpenApiAnswersTest, TaskAnswersFitTheirSchemas) {
    const std::string tasks = "/services/{service}/users/{user_id}/tasks";
    const std::string task = "/services/{service}/tasks/{task_id}";
    // One task runs (progress, running_on), one waits behind it (position), one is done (result, finished_at).
    Response done = host_.client().post(host_.tasks_path("noop", "alice"));
    expect_fits(done, "post", tasks, 202);
    std::string done_id = done.json()["task_id"];
    host_.wait_for_status("noop", "alice", done_id, "completed");
    expect_fits(host_.client().get(host_.task_path("noop", done_id, "alice")), "get", task, 200);

    std::vector<std::string> sleeping;
    for (int i = 0; i < 3; ++i) {
        Response submitted = host_.client().post(host_.tasks_path("sleep", "alice"),
                                                 R"({"parameters": {"seconds": 30}, "priority": "mid"})",
                                                 {{"Content-Type", "application/json"}});
        expect_fits(submitted, "post", tasks, 202);
        sleeping.push_back(submitted.json()["task_id"]);
    }
    host_.wait_for_status("sleep", "alice", sleeping[0], "running");
    expect_fits(host_.client().get(host_.task_path("sleep", sleeping[0], "alice")), "get", task, 200);
    expect_fits(host_.client().get(host_.task_path("sleep", sleeping[2], "alice")), "get", task, 200);
    expect_fits(host_.client().get(host_.tasks_path("sleep", "alice", "limit=2")), "get", tasks, 200);
    expect_fits(host_.client().get(std::string(kApi) + "/services/sleep/users"), "get", "/services/{service}/users",
                200);
    expect_fits(host_.client().post(host_.task_path("sleep", sleeping[0], "alice", "/cancel")), "post",
                task + "/cancel", 200);
    expect_fits(host_.client().del(host_.task_path("sleep", sleeping[1], "alice")), "delete", task, 204);

    expect_fits(host_.admin_get("/admin/tasks?status=queued"), "get", "/admin/tasks", 200);
    expect_fits(host_.admin_get("/admin/services/sleep/tasks"), "get", "/admin/services/{service}/tasks", 200);
    expect_fits(host_.admin_get("/admin/tasks/" + sleeping[2]), "get", "/admin/tasks/{task_id}", 200);
    expect_fits(host_.admin_put("/admin/tasks/" + sleeping[2] + "/priority", R"({"priority": "high"})"), "put",
                "/admin/tasks/{task_id}/priority", 200);
    expect_fits(host_.admin_post("/admin/tasks/" + sleeping[2] + "/cancel"), "post", "/admin/tasks/{task_id}/cancel",
                200);
    expect_fits(host_.admin_del("/admin/tasks/" + done_id), "delete", "/admin/tasks/{task_id}", 204);
}

TEST_F(OpenApiAnswersTest, OperatorAnswersFitTheirSchemas) {
    expect_fits(host_.admin_post("/admin/block"), "post", "/admin/block", 200);
    expect_fits(host_.admin_post("/admin/unblock"), "post", "/admin/unblock", 200);
    expect_fits(host_.admin_post("/admin/users/bob/block"), "post", "/admin/users/{user_id}/block", 200);
    expect_fits(host_.admin_get("/admin/blocks"), "get", "/admin/blocks", 200);
    expect_fits(host_.admin_post("/admin/users/bob/unblock"), "post", "/admin/users/{user_id}/unblock", 200);
    host_.submit("noop", "carol");
    expect_fits(host_.admin_get("/admin/stats"), "get", "/admin/stats", 200);
}

TEST_F(OpenApiAnswersTest, ErrorAnswersFitTheErrorModel) {
    const std::string tasks = "/services/{service}/users/{user_id}/tasks";
    const std::string task = "/services/{service}/tasks/{task_id}";
    expect_fits(host_.client().get(host_.task_path("noop", "missing", "alice")), "get", task, 404);
    expect_fits(host_.client().get(std::string(kApi) + "/services/noop/tasks/x"), "get", task, 400);
    expect_fits(host_.client().post(host_.tasks_path("nothing-here", "alice")), "post", tasks, 422);
    expect_fits(host_.client().post(host_.tasks_path("sleep", "alice", "seconds=-1")), "post", tasks, 422);
    expect_fits(host_.client().get(std::string(kApi) + "/admin/stats"), "get", "/admin/stats", 401);
    std::string id = host_.submit("noop", "alice")["task_id"];
    host_.wait_for_status("noop", "alice", id, "completed");
    expect_fits(host_.client().post(host_.task_path("noop", id, "alice", "/cancel")), "post", task + "/cancel", 409);
    host_.admin_post("/admin/users/alice/block");
    expect_fits(host_.client().post(host_.tasks_path("noop", "alice")), "post", tasks, 503);
    // Routes the router refuses on its own answer in the same model (the "default" answer).
    Response unknown = host_.client().get(std::string(kApi) + "/no/such/route");
    EXPECT_EQ(unknown.status, 404u);
    EXPECT_TRUE(schema_.violations(unknown.json(), schema_.response_schema("/help", "get", "default")).empty());
}

}  // namespace
}  // namespace dms::test
