#include <gtest/gtest.h>

#include <chrono>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

const std::string kAbsentId = "00000000-0000-4000-8000-000000000000";

// One sleep task runs at a time, so a second one stays queued for as long as the first runs.
void one_sleep_at_a_time(config::Config& config, const std::filesystem::path&) {
    config.service_concurrency = {{"sleep", 1}};
}

class TaskRoutesTest : public ::testing::Test {
 protected:
    TaskRoutesTest() : host_(one_sleep_at_a_time) {}

    // A sleep task of alice's that is running (and will run for a minute unless cancelled).
    std::string running_sleep() {
        std::string id = host_.submit("sleep", "alice", "seconds=60")["task_id"];
        host_.wait_for_progress("sleep", "alice", id, "sleeping");  // in its plugin, not only leased
        return id;
    }

    std::string completed_noop() {
        std::string id = host_.submit("noop", "alice")["task_id"];
        host_.wait_for_status("noop", "alice", id, "completed");
        return id;
    }

    Response get(std::string_view service, std::string_view id, std::string_view user) {
        return host_.client().get(TestHost::task_path(service, id, user));
    }

    TestHost host_;
};

TEST_F(TaskRoutesTest, GetIsScopedToServiceAndUser) {
    std::string id = completed_noop();
    Response mine = get("noop", id, "alice");
    ASSERT_EQ(mine.status, 200u) << mine.describe();
    EXPECT_EQ(mine.json()["result"], nlohmann::json({{"ok", true}}));
    EXPECT_FALSE(mine.json().contains("position")) << "only queued tasks have a position";

    Response other_user = get("noop", id, "bob");
    Response other_service = get("sleep", id, "alice");
    Response absent = get("noop", kAbsentId, "alice");
    for (const Response* response : {&other_user, &other_service, &absent}) {
        EXPECT_EQ(response->status, 404u) << response->describe();
        EXPECT_EQ(response->error_code(), "not_found");
    }
    // Another user's task answers exactly like a missing one.
    EXPECT_EQ(other_user.json()["error"]["message"], "no task " + id);
    EXPECT_EQ(absent.json()["error"]["message"], "no task " + kAbsentId);
}

TEST_F(TaskRoutesTest, MalformedIdIs404AndMissingUserIdIs400) {
    EXPECT_EQ(get("noop", "not-a-task-id", "alice").status, 404u);
    EXPECT_EQ(get("noop", "%2E%2E", "alice").status, 404u);
    std::string id = completed_noop();
    Response no_user = host_.client().get("/api/v1/services/noop/tasks/" + id);
    EXPECT_EQ(no_user.status, 400u) << no_user.describe();
    EXPECT_EQ(no_user.error_code(), "bad_request");
    EXPECT_NE(no_user.body.find("user_id"), std::string::npos);
    EXPECT_EQ(host_.client().get("/api/v1/services/noop/tasks/" + id + "?user_id=").status, 400u);
    EXPECT_EQ(host_.client().get("/api/v1/services/noop/tasks/" + id + "?user_id=alice&user_id=alice").status, 400u);
}

TEST_F(TaskRoutesTest, CancelAQueuedTask) {
    std::string blocker = running_sleep();
    std::string id = host_.submit("sleep", "alice", "seconds=60")["task_id"];
    auto queued = host_.get_task("sleep", "alice", id);
    ASSERT_EQ(queued["status"], "queued");
    EXPECT_EQ(queued["position"], 0);

    Response cancelled = host_.client().post(TestHost::task_path("sleep", id, "alice", "/cancel"));
    ASSERT_EQ(cancelled.status, 200u) << cancelled.describe();
    EXPECT_EQ(cancelled.json()["status"], "cancelled");
    auto after = host_.get_task("sleep", "alice", id);
    EXPECT_EQ(after["status"], "cancelled");
    EXPECT_TRUE(has_log_containing(after, "Cancelled by user 'alice'")) << after.dump();
    EXPECT_EQ(after["attempts"], 0) << "a cancelled queued task never runs";
    EXPECT_TRUE(after["finished_at"].is_string());
    host_.client().post(TestHost::task_path("sleep", blocker, "alice", "/cancel"));
}

// The answer is "the task after the cancel request", so it shows the line the cancel logged (as GET does).
TEST_F(TaskRoutesTest, CancelAnswerShowsTheLoggedLine) {
    std::string blocker = running_sleep();
    std::string id = host_.submit("sleep", "alice", "seconds=60")["task_id"];
    Response response = host_.client().post(TestHost::task_path("sleep", id, "alice", "/cancel"));
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto answer = response.json();
    EXPECT_EQ(answer["logs"].size(), answer["log_count"].get<std::size_t>()) << answer.dump();
    EXPECT_TRUE(has_log_containing(answer, "Cancelled by user 'alice'")) << answer.dump();
    host_.client().post(TestHost::task_path("sleep", blocker, "alice", "/cancel"));
}

TEST_F(TaskRoutesTest, CancelARunningSleepEndsItPromptly) {
    std::string id = running_sleep();
    auto asked = std::chrono::steady_clock::now();
    Response response = host_.client().post(TestHost::task_path("sleep", id, "alice", "/cancel"));
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto answer = response.json();
    EXPECT_TRUE(answer["status"] == "cancelled" || answer["cancel_requested"] == true) << answer.dump();

    auto task = host_.wait_for_status("sleep", "alice", id, "cancelled", 5s);
    auto took = std::chrono::steady_clock::now() - asked;
    // The plugin stops within its 50 ms slice: the log shows it stopped itself, so the host's grace (1 s
    // here) was not needed; the time bound only catches a hang.
    EXPECT_LT(took, 3s);
    EXPECT_TRUE(has_log_containing(task, "Cancel requested by user 'alice'")) << task.dump();
    EXPECT_TRUE(has_log_containing(task, "cancelled after")) << task.dump();
    EXPECT_FALSE(has_log_containing(task, "did not stop within")) << task.dump();
    EXPECT_NE(task["logs"].back().get<std::string>().find("Cancelled"), std::string::npos) << task.dump();
    // The worker slot is free again.
    std::string next = host_.submit("sleep", "alice", "seconds=0")["task_id"];
    host_.wait_for_status("sleep", "alice", next, "completed");
}

TEST_F(TaskRoutesTest, CancelACompletedTaskIs409AndChangesNothing) {
    std::string id = completed_noop();
    auto before = host_.get_task("noop", "alice", id);
    Response response = host_.client().post(TestHost::task_path("noop", id, "alice", "/cancel"));
    EXPECT_EQ(response.status, 409u) << response.describe();
    EXPECT_EQ(response.error_code(), "illegal_transition");
    EXPECT_NE(response.body.find("completed"), std::string::npos);
    EXPECT_EQ(host_.get_task("noop", "alice", id), before);
}

TEST_F(TaskRoutesTest, CancelTwiceIs409TheSecondTime) {
    std::string blocker = running_sleep();
    std::string id = host_.submit("sleep", "alice", "seconds=60")["task_id"];
    EXPECT_EQ(host_.client().post(TestHost::task_path("sleep", id, "alice", "/cancel")).status, 200u);
    Response again = host_.client().post(TestHost::task_path("sleep", id, "alice", "/cancel"));
    EXPECT_EQ(again.status, 409u) << again.describe();
    host_.client().post(TestHost::task_path("sleep", blocker, "alice", "/cancel"));
}

TEST_F(TaskRoutesTest, CancelOfAnotherUsersTaskIs404AndChangesNothing) {
    std::string blocker = running_sleep();
    Response response = host_.client().post(TestHost::task_path("sleep", blocker, "bob", "/cancel"));
    EXPECT_EQ(response.status, 404u) << response.describe();
    auto task = host_.get_task("sleep", "alice", blocker);
    EXPECT_EQ(task["status"], "running");
    EXPECT_EQ(task["cancel_requested"], false);
    host_.client().post(TestHost::task_path("sleep", blocker, "alice", "/cancel"));
}

TEST_F(TaskRoutesTest, DeleteIs204ThenTheTaskIsGone) {
    std::string id = completed_noop();
    Response other = host_.client().del(TestHost::task_path("noop", id, "bob"));
    EXPECT_EQ(other.status, 404u) << other.describe();
    EXPECT_EQ(get("noop", id, "alice").status, 200u);

    Response deleted = host_.client().del(TestHost::task_path("noop", id, "alice"));
    EXPECT_EQ(deleted.status, 204u) << deleted.describe();
    EXPECT_TRUE(deleted.body.empty());
    EXPECT_EQ(get("noop", id, "alice").status, 404u);
    EXPECT_EQ(host_.client().del(TestHost::task_path("noop", id, "alice")).status, 404u);
    EXPECT_EQ(host_.admin_get("/admin/tasks/" + id).status, 404u);
}

TEST_F(TaskRoutesTest, DeleteARunningTaskStopsItAndFreesTheWorker) {
    std::string id = running_sleep();
    EXPECT_EQ(host_.client().del(TestHost::task_path("sleep", id, "alice")).status, 204u);
    EXPECT_EQ(get("sleep", id, "alice").status, 404u);
    std::string next = host_.submit("sleep", "alice", "seconds=0")["task_id"];
    host_.wait_for_status("sleep", "alice", next, "completed", 5s);
    EXPECT_EQ(get("sleep", id, "alice").status, 404u) << "the stopped plugin's ending must not bring it back";
}

}  // namespace
}  // namespace dms::test
