#include <thread>

#include "dmsctl_fixture.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(DmsctlTest, SubmitListStatusUsersCancelDelete) {
    DmsctlRun submitted = dmsctl(
        {"tasks", "submit", "--service", "sleep", "--user", "alice", "--param", "seconds=30", "--priority", "high"});
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    EXPECT_TRUE(contains(submitted.out, "submitted task ")) << submitted.out;
    EXPECT_TRUE(contains(submitted.out, "priority high")) << submitted.out;

    nlohmann::json page = dmsctl_json({"tasks", "list", "--service", "sleep", "--user", "alice"});
    ASSERT_EQ(page["tasks"].size(), 1u) << page.dump();
    std::string id = page["tasks"][0]["task_id"];
    EXPECT_TRUE(contains(submitted.out, id));
    DmsctlRun table = dmsctl({"tasks", "list", "--service", "sleep", "--user", "alice"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    auto rows = lines_of(table.out);
    ASSERT_EQ(rows.size(), 2u) << table.out;
    EXPECT_EQ(rows[0].substr(0, 4), "TASK");
    EXPECT_EQ(rows[1].substr(0, id.size()), id);

    // The seed's --task-id and a plain argument name the task alike.
    nlohmann::json task = dmsctl_json({"tasks", "status", "--service", "sleep", "--user", "alice", "--task-id", id});
    EXPECT_EQ(task["task_id"], id);
    EXPECT_EQ(task["parameters"]["seconds"], "30");
    EXPECT_EQ(task["priority"], "high");
    DmsctlRun status = dmsctl({"tasks", "status", "--service", "sleep", "--user", "alice", id});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    EXPECT_TRUE(contains(status.out, "service     sleep")) << status.out;
    EXPECT_TRUE(contains(status.out, "Task queued")) << status.out;

    DmsctlRun users = dmsctl({"tasks", "users", "--service", "sleep"});
    EXPECT_EQ(users.exit_code, 0) << users.err;
    EXPECT_EQ(users.out, "alice\n");

    DmsctlRun cancel = dmsctl({"tasks", "cancel", "--service", "sleep", "--user", "alice", id});
    ASSERT_EQ(cancel.exit_code, 0) << cancel.err;
    EXPECT_TRUE(contains(cancel.out, "task " + id + ": ")) << cancel.out;
    EXPECT_TRUE(wait_until([&] {
        return dmsctl_json({"tasks", "status", "--service", "sleep", "--user", "alice", id})["status"] == "cancelled";
    }));

    DmsctlRun removed = dmsctl({"tasks", "delete", "--service", "sleep", "--user", "alice", "--task-id", id});
    ASSERT_EQ(removed.exit_code, 0) << removed.err;
    EXPECT_EQ(removed.out, "deleted task " + id + "\n");
    DmsctlRun gone = dmsctl({"tasks", "status", "--service", "sleep", "--user", "alice", id});
    EXPECT_EQ(gone.exit_code, 1);
    EXPECT_TRUE(contains(gone.err, "HTTP 404 not_found")) << gone.err;
}

TEST_F(DmsctlTest, ParamsAndPriorityReachTheTask) {
    nlohmann::json task = dmsctl_json({"tasks", "submit", "--service", "echo", "--user", "bob", "--param", "wait_ms=1",
                                       "--param", "checkpoint=a=b c+d", "--priority", "mid"});
    EXPECT_EQ(task["parameters"], nlohmann::json({{"wait_ms", "1"}, {"checkpoint", "a=b c+d"}}));
    EXPECT_EQ(task["priority"], "mid");
    EXPECT_EQ(task["user_id"], "bob");
}

TEST_F(DmsctlTest, ListPagesAndFollowsCursorsWithAll) {
    for (int i = 0; i < 3; ++i) submit("noop", "carol");
    nlohmann::json first = dmsctl_json({"tasks", "list", "--service", "noop", "--user", "carol", "--limit", "2"});
    EXPECT_EQ(first["tasks"].size(), 2u);
    EXPECT_TRUE(first["next_cursor"].is_string()) << first.dump();
    DmsctlRun human = dmsctl({"tasks", "list", "--service", "noop", "--user", "carol", "--limit", "2"});
    EXPECT_TRUE(contains(human.out, "more: --cursor ")) << human.out;
    nlohmann::json all =
        dmsctl_json({"tasks", "list", "--service", "noop", "--user", "carol", "--limit", "1", "--all"});
    EXPECT_EQ(all["tasks"].size(), 3u) << all.dump();
    EXPECT_TRUE(all["next_cursor"].is_null());
}

}  // namespace
}  // namespace dms::test
