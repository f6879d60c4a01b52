#include "dmsctl_fixture.hpp"

namespace dms::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::map<std::string, std::string> kToken = {{"DMS_OPERATOR_TOKEN", "test-token"}};

TEST_F(DmsctlTest, AdminBlocksAndUnblocksUsersAndEveryone) {
    nlohmann::json blocks = dmsctl_json({"admin", "block", "--user", "bob"}, kToken);
    EXPECT_EQ(blocks["blocked_users"], nlohmann::json::array({"bob"}));
    DmsctlRun refused = dmsctl({"tasks", "submit", "--service", "noop", "--user", "bob"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_EQ(lines_of(refused.err).size(), 1u) << refused.err;
    EXPECT_TRUE(contains(refused.err, "HTTP 503 blocked")) << refused.err;
    DmsctlRun human = dmsctl({"admin", "unblock", "--user", "bob"}, kToken);
    EXPECT_EQ(human.out, "global block: off\nblocked users: none\n");
    EXPECT_EQ(dmsctl({"tasks", "submit", "--service", "noop", "--user", "bob"}).exit_code, 0);

    // The token from --token works as well as from the environment.
    EXPECT_EQ(dmsctl_json({"admin", "block", "--token", "test-token"})["blocked"], true);
    EXPECT_EQ(dmsctl_json({"admin", "blocks"}, kToken)["blocked"], true);
    EXPECT_EQ(dmsctl({"tasks", "submit", "--service", "noop", "--user", "carol"}).exit_code, 1);
    EXPECT_EQ(dmsctl_json({"admin", "unblock"}, kToken)["blocked"], false);
}

TEST_F(DmsctlTest, AdminPriorityTasksStatsAndPlugins) {
    // Two workers: the third sleeping task waits in its queue.
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(submit("sleep", "dave", {"seconds=30"}));
    nlohmann::json moved = dmsctl_json({"admin", "priority", ids[2], "high"}, kToken);
    EXPECT_EQ(moved["priority"], "high");
    DmsctlRun human = dmsctl({"admin", "priority", "--task-id", ids[2], "--priority", "mid"}, kToken);
    EXPECT_EQ(human.out, "task " + ids[2] + ": priority mid, queued\n") << human.err;

    nlohmann::json page = dmsctl_json({"admin", "tasks", "--service", "sleep", "--user", "dave"}, kToken);
    EXPECT_EQ(page["tasks"].size(), 3u);
    DmsctlRun table = dmsctl({"admin", "tasks", "--status", "queued"}, kToken);
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_TRUE(contains(lines_of(table.out).at(0), "SERVICE")) << table.out;
    EXPECT_TRUE(contains(table.out, ids[2])) << table.out;

    nlohmann::json stats = dmsctl_json({"admin", "stats"}, kToken);
    EXPECT_EQ(stats["by_status"]["queued"], 1);
    EXPECT_EQ(stats["totals"]["submitted"], 3);
    DmsctlRun stats_text = dmsctl({"admin", "stats"}, kToken);
    EXPECT_TRUE(contains(stats_text.out, "queued:   high 0 · mid 1 · low 0")) << stats_text.out;

    DmsctlRun plugins = dmsctl({"admin", "plugins"});
    ASSERT_EQ(plugins.exit_code, 0) << plugins.err;
    EXPECT_TRUE(contains(plugins.out, "sleep")) << plugins.out;
    EXPECT_TRUE(contains(plugins.out, "seconds*")) << plugins.out;
    EXPECT_EQ(dmsctl_json({"admin", "plugins"})["services"].size(), 3u);

    EXPECT_EQ(dmsctl_json({"admin", "cancel", ids[2]}, kToken)["status"], "cancelled");
    EXPECT_EQ(dmsctl({"admin", "delete", ids[2]}, kToken).exit_code, 0);
    EXPECT_EQ(dmsctl({"admin", "status", ids[2]}, kToken).exit_code, 1);
}

TEST_F(DmsctlTest, AdminCommandsWithoutTheRightTokenFailWithOneLine) {
    DmsctlRun missing = dmsctl({"admin", "stats"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_EQ(lines_of(missing.err).size(), 1u) << missing.err;
    EXPECT_TRUE(contains(missing.err, "needs the operator token")) << missing.err;
    EXPECT_TRUE(missing.out.empty());

    DmsctlRun wrong = dmsctl({"admin", "block", "--user", "eve", "--token", "not-it"});
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_EQ(lines_of(wrong.err).size(), 1u) << wrong.err;
    EXPECT_TRUE(contains(wrong.err, "HTTP 401 unauthorized: the operator token is wrong")) << wrong.err;
    EXPECT_EQ(dmsctl_json({"admin", "blocks"}, kToken)["blocked_users"].size(), 0u)
        << "a refused request changed something";
}

TEST_F(DmsctlTest, AdminListsDeadLettersAndRetriesOne) {
    nlohmann::json submitted = dmsctl_json(
        {"tasks", "submit", "--service", "echo", "--user", "erin", "--param", "fail=disk full", "--max-retries", "1",
         "--timeout", "30"});
    EXPECT_EQ(submitted["max_retries"], 1) << submitted.dump();
    EXPECT_EQ(submitted["timeout_seconds"], 30.0) << submitted.dump();
    std::string id = submitted["task_id"];
    DmsctlRun watched = dmsctl({"tasks", "watch", id, "--service", "echo", "--user", "erin", "--interval", "0.05"});
    EXPECT_EQ(watched.exit_code, 3) << "failed, after its retry: " << watched.out;

    nlohmann::json letters = dmsctl_json({"admin", "dead-letters"}, kToken);
    ASSERT_EQ(letters["tasks"].size(), 1u) << letters.dump();
    EXPECT_EQ(letters["tasks"][0]["task_id"], id);
    DmsctlRun table = dmsctl({"admin", "dead-letters", "--service", "echo"}, kToken);
    EXPECT_TRUE(contains(table.out, id)) << table.out;

    DmsctlRun shown = dmsctl({"admin", "status", id}, kToken);
    EXPECT_TRUE(contains(shown.out, "attempts:")) << shown.out;
    EXPECT_TRUE(contains(shown.out, "disk full")) << shown.out;

    DmsctlRun retried = dmsctl({"admin", "retry", id}, kToken);
    EXPECT_EQ(retried.exit_code, 0) << retried.err;
    EXPECT_TRUE(contains(retried.out, "back in its queue with a fresh budget of 1 retries")) << retried.out;
    EXPECT_NE(dmsctl({"admin", "retry", "00000000-0000-7000-8000-000000000000"}, kToken).exit_code, 0);
}

}  // namespace
}  // namespace dms::test
