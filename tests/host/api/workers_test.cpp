// External workers over HTTP against a real host, on each store: leases, fenced writes, the retry policy, lease
// expiry, tokens.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/redis_server.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kWorkerToken = "worker-secret";

// Every test runs on each store: the embedded SQLite file, and a real redis-server started for the test.
enum class Backend { sqlite, redis };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::sqlite ? "sqlite" : "redis";
}

class WorkersTest : public ::testing::TestWithParam<Backend> {
protected:
    // The host on this test's store, with no external services.
    TestHost::Adjust on_store() {
        if (GetParam() == Backend::sqlite) return {};
        if (!redis_) redis_ = std::make_unique<RedisServer>();
        return [url = redis_->url()](config::Config& config, const std::filesystem::path&) {
            config.store = "redis";
            config.redis_write_url = url;
        };
    }

    TestHost::Adjust with_external(double sweep_seconds = 60) {
        return [sweep_seconds, store = on_store()](config::Config& config, const std::filesystem::path& root) {
            if (store) store(config, root);
            config.external_services = {"transcode", "ml-train"};
            config.worker_token = std::string(kWorkerToken);
            config.sweep_interval_seconds = sweep_seconds;
            config.retry_base_seconds = 0.01;
            config.retry_cap_seconds = 0.01;
        };
    }

private:
    std::unique_ptr<RedisServer> redis_;
};

Headers worker_headers(std::string_view token = kWorkerToken) { return {{"X-Worker-Token", std::string(token)}}; }

std::string workers_path(std::string_view suffix) { return std::string(kApi) + "/workers" + std::string(suffix); }

std::string task_route(const std::string& id, std::string_view action) {
    return workers_path("/tasks/" + id + "/" + std::string(action));
}

Response lease(TestHost& host, std::string_view body) {
    return host.client().post(workers_path("/lease"), body, worker_headers());
}

// Leases exactly one task of transcode and returns it.
nlohmann::json lease_one(TestHost& host, double lease_seconds = 30) {
    auto answer = lease(host, R"({"worker_id": "w1", "services": ["transcode"], "lease_seconds": )" +
                                  std::to_string(lease_seconds) + "}");
    EXPECT_EQ(answer.status, 200u) << answer.describe();
    auto tasks = answer.json()["tasks"];
    EXPECT_EQ(tasks.size(), 1u) << answer.describe();
    return tasks.empty() ? nlohmann::json::object() : tasks[0];
}

// Leases one transcode task as worker w2 once one is due (a retry waits out its backoff); empty if none within 5 s.
nlohmann::json lease_when_due(TestHost& host) {
    nlohmann::json leased = nlohmann::json::object();
    wait_until([&] {
        auto tasks = lease(host, R"({"worker_id": "w2", "services": ["transcode"]})").json()["tasks"];
        if (!tasks.empty()) leased = tasks[0];
        return !tasks.empty();
    }, 5s);
    return leased;
}

Response write(TestHost& host, const nlohmann::json& leased, std::string_view action, nlohmann::json body) {
    body["attempt"] = leased["attempt"];
    return host.client().post(task_route(leased["task_id"], action), body.dump(), worker_headers());
}

TEST_P(WorkersTest, AWorkerLeasesLogsReportsProgressAndCompletesATask) {
    TestHost host(with_external());
    EXPECT_TRUE(lease(host, R"({"worker_id": "w1", "services": ["transcode"]})").json()["tasks"].empty());
    std::string id = host.submit("transcode", "alice", "",
                                 R"({"parameters": {"input": "a.mov", "crf": 23}, "timeout_seconds": 3600})")["task_id"];

    auto leased = lease_one(host);
    EXPECT_EQ(leased["task_id"], id);
    EXPECT_EQ(leased["attempt"], 1);
    EXPECT_EQ(leased["service"], "transcode");
    EXPECT_EQ(leased["user_id"], "alice");
    EXPECT_EQ(leased["parameters"]["crf"], 23);
    EXPECT_TRUE(leased["lease_expires_at"].is_string());
    EXPECT_EQ(host.get_task("transcode", "alice", id)["status"], "running");

    EXPECT_EQ(write(host, leased, "log", {{"message", "encoding pass 1"}}).status, 200u);
    EXPECT_EQ(write(host, leased, "progress", {{"done", 5}, {"total", 10}, {"unit", "frames"}}).status, 200u);
    auto beat = write(host, leased, "heartbeat", {{"lease_seconds", 60}});
    ASSERT_EQ(beat.status, 200u) << beat.describe();
    EXPECT_EQ(beat.json()["cancel_requested"], false);
    auto done = write(host, leased, "complete", {{"result", {{"output", "a.mp4"}}}});
    ASSERT_EQ(done.status, 200u) << done.describe();
    EXPECT_EQ(done.json()["status"], "completed");

    auto task = host.get_task("transcode", "alice", id);
    EXPECT_EQ(task["status"], "completed");
    EXPECT_EQ(task["result"]["output"], "a.mp4");
    EXPECT_EQ(task["progress"]["done"], 5);
    EXPECT_TRUE(has_log_containing(task, "encoding pass 1")) << task.dump();
    EXPECT_TRUE(has_log_containing(task, "Started by external worker w1")) << task.dump();
    // Ended: every later write is refused.
    EXPECT_EQ(write(host, leased, "complete", nlohmann::json::object()).error_code(), "lease_lost");
}

TEST_P(WorkersTest, AFailureWithRetriesLeftIsRetriedAndAPermanentOneIsADeadLetter) {
    TestHost host(with_external());
    std::string id = host.submit("transcode", "alice", "", R"({"max_retries": 2})")["task_id"];
    auto first = lease_one(host);
    auto failed = write(host, first, "fail", {{"error", "codec crashed"}});
    ASSERT_EQ(failed.status, 200u) << failed.describe();
    EXPECT_EQ(failed.json()["status"], "retrying");

    nlohmann::json second = lease_when_due(host);
    ASSERT_FALSE(second.empty());
    EXPECT_EQ(second["attempt"], 2);
    auto dead = write(host, second, "fail", {{"error", "bad input"}, {"permanent", true}});
    ASSERT_EQ(dead.status, 200u) << dead.describe();
    EXPECT_EQ(dead.json()["status"], "failed");
    auto task = host.get_task("transcode", "alice", id);
    EXPECT_EQ(task["result"]["error"], "bad input");
    EXPECT_EQ(task["failures"], 2);
    auto letters = host.admin_get("/admin/dead-letters").json()["tasks"];
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0]["task_id"], id);
}

TEST_P(WorkersTest, AnExpiredLeaseReturnsTheTaskAndTheLateWorkerIsRefused) {
    TestHost host(with_external(0.05));
    std::string id = host.submit("transcode", "alice")["task_id"];
    auto late = lease_one(host, 1);
    // The sweep returns the task once the lease has run out; no sleep guesses when.
    host.wait_for_status("transcode", "alice", id, "queued", 5s);
    auto task = host.get_task("transcode", "alice", id);
    EXPECT_TRUE(has_log_containing(task, "lease held by worker:w1")) << task.dump();

    auto refused = write(host, late, "complete", {{"result", {{"late", true}}}});
    EXPECT_EQ(refused.status, 409u) << refused.describe();
    EXPECT_EQ(refused.error_code(), "lease_lost");
    EXPECT_EQ(write(host, late, "heartbeat", {{"lease_seconds", 30}}).status, 409u);
    EXPECT_EQ(write(host, late, "log", {{"message", "late"}}).status, 409u);

    auto again = lease_one(host);
    EXPECT_EQ(again["task_id"], id);
    EXPECT_EQ(again["attempt"], 2);
    EXPECT_EQ(write(host, late, "complete", nlohmann::json::object()).status, 409u) << "attempt 1 is still stale";
    EXPECT_EQ(write(host, again, "complete", nlohmann::json::object()).status, 200u);
    EXPECT_EQ(host.get_task("transcode", "alice", id)["status"], "completed");
}

TEST_P(WorkersTest, AnAttemptPastItsTimeoutIsEndedAtTheWorkersNextCallAndRetried) {
    TestHost host(with_external());
    std::string id =
        host.submit("transcode", "alice", "", R"({"max_retries": 1, "timeout_seconds": 0.05})")["task_id"];
    auto first = lease_one(host);
    // The worker keeps calling, as one holding its lease does; the call after the 50 ms is refused.
    Response refused;
    ASSERT_TRUE(wait_until([&] {
        refused = write(host, first, "heartbeat", {{"lease_seconds", 30}});
        return refused.status != 200u;
    }, 5s));
    EXPECT_EQ(refused.status, 409u) << refused.describe();
    EXPECT_EQ(refused.error_code(), "lease_lost");
    std::string message = refused.json()["error"]["message"];
    EXPECT_NE(message.find("timed out (the attempt ran longer than 0.05s)"), std::string::npos) << message;
    auto task = host.get_task("transcode", "alice", id);
    EXPECT_EQ(task["status"], "retrying") << task.dump();
    EXPECT_EQ(task["result"]["error_code"], "timeout");
    EXPECT_EQ(task["failures"], 1);
    EXPECT_TRUE(has_log_containing(task, "ran longer than 0.05s")) << task.dump();
    EXPECT_EQ(write(host, first, "log", {{"message", "late"}}).status, 409u);

    nlohmann::json second = lease_when_due(host);
    ASSERT_FALSE(second.empty());
    EXPECT_EQ(second["attempt"], 2);
    // A completion counts even past the timeout, as a plugin's return does: the work is done.
    auto done = write(host, second, "complete", {{"result", {{"output", "a.mp4"}}}});
    ASSERT_EQ(done.status, 200u) << done.describe();
    EXPECT_EQ(done.json()["status"], "completed");
}

TEST_P(WorkersTest, ASilentWorkersAttemptPastItsTimeoutIsEndedByTheSweepLongBeforeItsLeaseLapses) {
    TestHost host(with_external(0.05));
    std::string id = host.submit("transcode", "alice", "", R"({"timeout_seconds": 0.05})")["task_id"];
    // Held for an hour and never heard from again: only the timeout can end it within the test.
    auto silent = lease_one(host, 3600);
    host.wait_for_status("transcode", "alice", id, "failed", 5s);
    auto task = host.get_task("transcode", "alice", id);
    EXPECT_EQ(task["result"]["error_code"], "timeout") << task.dump();
    EXPECT_TRUE(has_log_containing(task, "ran longer than 0.05s")) << task.dump();
    ASSERT_EQ(task["attempt_history"].size(), 1u) << task.dump();
    EXPECT_EQ(task["attempt_history"][0]["outcome"], "failed");

    auto late = write(host, silent, "complete", {{"result", {{"late", true}}}});
    EXPECT_EQ(late.status, 409u) << late.describe();
    EXPECT_EQ(late.error_code(), "lease_lost");
    EXPECT_EQ(host.get_task("transcode", "alice", id)["status"], "failed");
}

TEST_P(WorkersTest, ACancelIsSeenByTheHeartbeatAndTheWorkersStopEndsTheTaskCancelled) {
    TestHost host(with_external());
    std::string id = host.submit("transcode", "alice")["task_id"];
    auto leased = lease_one(host);
    ASSERT_EQ(host.client().post(TestHost::task_path("transcode", id, "alice", "/cancel")).status, 200u);
    auto beat = write(host, leased, "heartbeat", {{"lease_seconds", 30}});
    ASSERT_EQ(beat.status, 200u) << beat.describe();
    EXPECT_EQ(beat.json()["cancel_requested"], true);
    auto stopped = write(host, leased, "fail", {{"error", "stopped on request"}});
    ASSERT_EQ(stopped.status, 200u) << stopped.describe();
    EXPECT_EQ(stopped.json()["status"], "cancelled");
}

TEST_P(WorkersTest, OnlyTheWorkerTokenOpensTheWorkerRoutesAndNothingElse) {
    TestHost host(with_external());
    std::string body = R"({"worker_id": "w1", "services": ["transcode"]})";
    auto path = workers_path("/lease");
    EXPECT_EQ(host.client().post(path, body).status, 401u);
    EXPECT_EQ(host.client().post(path, body, worker_headers("wrong")).status, 401u);
    EXPECT_EQ(host.client().post(path, body, operator_headers()).status, 401u) << "the operator token is no worker's";
    EXPECT_EQ(host.client().get(std::string(kApi) + "/admin/tasks", worker_headers()).status, 401u);
    EXPECT_EQ(host.client().get(std::string(kApi) + "/admin/tasks", operator_headers(kWorkerToken)).status, 401u);
    EXPECT_EQ(host.client().post(path, body, worker_headers()).status, 200u);
}

TEST_P(WorkersTest, WorkerRoutesAreClosedWithoutExternalServices) {
    TestHost host(on_store());
    auto answer = host.client().post(workers_path("/lease"), R"({"worker_id": "w1", "services": ["noop"]})",
                                     worker_headers());
    EXPECT_EQ(answer.status, 401u) << answer.describe();
}

TEST_P(WorkersTest, BadInputIsAJsonError) {
    TestHost host(with_external());
    auto code = [&](std::string_view body) {
        auto answer = lease(host, body);
        EXPECT_FALSE(answer.error_code().empty()) << answer.describe();
        return answer.status;
    };
    EXPECT_EQ(code("not json"), 400u);
    EXPECT_EQ(code(R"({"services": ["transcode"]})"), 400u);
    EXPECT_EQ(code(R"({"worker_id": "w1", "services": []})"), 400u);
    EXPECT_EQ(code(R"({"worker_id": "w 1", "services": ["transcode"]})"), 400u);
    EXPECT_EQ(code(R"({"worker_id": "w1", "services": ["noop"]})"), 422u) << "a plugin's service is the host's";
    EXPECT_EQ(code(R"({"worker_id": "w1", "services": ["nope"]})"), 422u);
    EXPECT_EQ(code(R"({"worker_id": "w1", "services": ["transcode"], "lease_seconds": 0.5})"), 400u);
    EXPECT_EQ(code(R"({"worker_id": "w1", "services": ["transcode"], "lease_seconds": 4000})"), 400u);
    EXPECT_EQ(code(R"({"worker_id": "w1", "services": ["transcode"], "max_tasks": 0})"), 400u);
    EXPECT_EQ(code(R"({"worker_id": "w1", "services": ["transcode"], "extra": 1})"), 400u);

    std::string id = host.submit("transcode", "alice")["task_id"];
    auto leased = lease_one(host);
    auto post = [&](std::string_view action, std::string_view body) {
        return host.client().post(task_route(id, action), body, worker_headers()).status;
    };
    EXPECT_EQ(post("complete", R"({"result": {}})"), 400u) << "no attempt";
    EXPECT_EQ(post("complete", R"({"attempt": 1, "result": [1]})"), 400u);
    EXPECT_EQ(post("fail", R"({"attempt": 1})"), 400u) << "no error";
    EXPECT_EQ(post("fail", R"({"attempt": 1, "error": "x", "permanent": "yes"})"), 400u);
    EXPECT_EQ(post("progress", R"({"attempt": 1, "done": -1})"), 400u);
    EXPECT_EQ(post("log", R"({"attempt": 1, "message": ""})"), 400u);
    EXPECT_EQ(post("heartbeat", R"({"attempt": 1, "lease_seconds": 0})"), 400u);
    EXPECT_EQ(host.client().post(task_route("no-such-task", "complete"), R"({"attempt": 1})", worker_headers()).status,
              404u);
    EXPECT_EQ(post("complete", R"({"attempt": 1})"), 200u);
}

TEST_P(WorkersTest, ExternalServicesTakeAnyParametersAndAPluginsNameIsRefusedAtStart) {
    TestHost host(with_external());
    auto submitted = host.submit("ml-train", "bob", "epochs=3", R"({"parameters": {"layers": [1, 2]}})");
    EXPECT_EQ(submitted["status"], "queued");
    EXPECT_THROW(TestHost([](config::Config& config, const std::filesystem::path&) {
                     config.external_services = {"noop"};
                 }),
                 std::invalid_argument);
}

// Users take turns within a priority: the positions GET reports are the order in which leases take the tasks.
TEST_P(WorkersTest, LeasesTakeTasksInTheOrderOfTheirReportedPositions) {
    TestHost host(with_external());
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(host.submit("transcode", "alice")["task_id"]);
    ids.push_back(host.submit("transcode", "bob")["task_id"]);
    ids.push_back(host.submit("transcode", "carol")["task_id"]);

    std::map<std::int64_t, std::string> by_position;
    std::map<std::string, std::string> user_of;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto task = host.get_task("transcode", i < 6 ? "alice" : (i == 6 ? "bob" : "carol"), ids[i]);
        ASSERT_TRUE(task["position"].is_number()) << task.dump();
        by_position[task["position"].get<std::int64_t>()] = ids[i];
        user_of[ids[i]] = task["user_id"];
    }
    ASSERT_EQ(by_position.size(), ids.size()) << "every task has a position of its own";
    EXPECT_EQ(by_position.rbegin()->first, static_cast<std::int64_t>(ids.size()) - 1);

    std::vector<std::string> leased_users;
    for (const auto& [position, id] : by_position) {
        auto leased = lease_one(host);
        EXPECT_EQ(leased["task_id"], id) << "lease " << position;
        leased_users.push_back(user_of[id]);
    }
    auto bob = std::find(leased_users.begin(), leased_users.end(), "bob") - leased_users.begin();
    auto carol = std::find(leased_users.begin(), leased_users.end(), "carol") - leased_users.begin();
    EXPECT_LE(bob, 2) << "bob's one task waits behind at most one of alice's six, not all of them";
    EXPECT_LE(carol, 2);
}

TEST_P(WorkersTest, ExternalServicesAreListedAndTakeRecurringTemplates) {
    TestHost host(with_external());
    auto services = host.client().get(std::string(kApi) + "/services").json()["services"];
    std::map<std::string, std::string> runners;
    for (const auto& service : services) runners[service["name"]] = service["runner"];
    EXPECT_EQ(runners["transcode"], "external");
    EXPECT_EQ(runners["ml-train"], "external");
    EXPECT_EQ(runners["noop"], "plugin");

    std::string templates = std::string(kApi) + "/services/transcode/users/alice/templates";
    auto made = host.client().post(templates, R"({"cron": "@hourly", "time_zone": "UTC", "parameters": {"input": "a.mov"}})",
                                   {{"Content-Type", "application/json"}});
    ASSERT_EQ(made.status, 201u) << made.describe();
    EXPECT_EQ(made.json()["service"], "transcode");
    auto unknown = host.client().post(std::string(kApi) + "/services/no-such/users/alice/templates",
                                      R"({"cron": "@hourly", "time_zone": "UTC"})", {{"Content-Type", "application/json"}});
    EXPECT_EQ(unknown.status, 422u) << unknown.describe();
}

INSTANTIATE_TEST_SUITE_P(Stores, WorkersTest, ::testing::Values(Backend::sqlite, Backend::redis), backend_name);

}  // namespace
}  // namespace dms::test
