#include "dmsctl_fixture.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(DmsctlTest, WatchOnATerminalDrawsAProgressBarAndExitsZero) {
    std::string id = submit("sleep", "alice", {"seconds=3"});
    DmsctlRun run =
        run_dmsctl_in_terminal({"tasks", "watch", id, "--service", "sleep", "--user", "alice", "--interval", "0.2"},
                               {{"DMS_API_BASE", api_base()}});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    // Redrawn in place: back to the first line, each line cleared to its end.
    EXPECT_TRUE(contains(run.out, "\r\x1b[1A")) << run.out;
    EXPECT_TRUE(contains(run.out, "\x1b[K")) << run.out;
    EXPECT_TRUE(contains(run.out, "running [=")) << run.out;
    EXPECT_TRUE(contains(run.out, "s / 3 s")) << run.out;
    EXPECT_TRUE(contains(run.out, "ETA 0:0")) << run.out;
    EXPECT_TRUE(contains(run.out, "sleeping 3 seconds")) << "the latest log line: " << run.out;
    EXPECT_TRUE(contains(run.out, "completed in 0:03")) << run.out;
    EXPECT_TRUE(contains(run.out, "result: {\"slept_seconds\":3")) << run.out;
    // No drawn line is wider than the terminal.
    for (const auto& line : lines_of(run.out)) EXPECT_LE(line.size(), 100u + 16u) << line;
}

TEST_F(DmsctlTest, SubmitWaitWithoutATerminalPrintsPlainLines) {
    DmsctlRun run = dmsctl({"tasks", "submit", "--service", "sleep", "--user", "alice", "--param", "seconds=2",
                            "--wait", "--interval", "0.2"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_FALSE(contains(run.out, "\r")) << run.out;
    EXPECT_FALSE(contains(run.out, "\x1b")) << run.out;
    auto lines = lines_of(run.out);
    ASSERT_GE(lines.size(), 3u) << run.out;
    EXPECT_EQ(lines.front().substr(0, 15), "submitted task ");
    EXPECT_TRUE(contains(run.out, "\nrunning ")) << run.out;
    EXPECT_TRUE(contains(run.out, "completed in 0:02")) << run.out;
}

TEST_F(DmsctlTest, WatchExitCodeTellsFailedAndCancelled) {
    DmsctlRun failed = dmsctl({"tasks", "submit", "--service", "echo", "--user", "alice", "--param",
                               "fail=disk on fire", "--wait", "--interval", "0.1"});
    EXPECT_EQ(failed.exit_code, 3) << failed.out << failed.err;
    EXPECT_TRUE(contains(failed.out, "failed")) << failed.out;
    EXPECT_TRUE(contains(failed.out, "disk on fire")) << failed.out;

    std::string id = submit("sleep", "alice", {"seconds=30"});
    ASSERT_EQ(dmsctl({"tasks", "cancel", "--service", "sleep", "--user", "alice", id}).exit_code, 0);
    DmsctlRun cancelled = dmsctl({"tasks", "watch", id, "--service", "sleep", "--user", "alice", "--interval", "0.1"});
    EXPECT_EQ(cancelled.exit_code, 4) << cancelled.out << cancelled.err;
    EXPECT_TRUE(contains(cancelled.out, "cancelled")) << cancelled.out;
}

TEST_F(DmsctlTest, WatchWithJsonPrintsOnlyTheFinalTask) {
    std::string id = submit("sleep", "alice", {"seconds=1"});
    nlohmann::json task = dmsctl_json({"tasks", "watch", id, "--service", "sleep", "--user", "alice"});
    EXPECT_EQ(task["status"], "completed");
    EXPECT_EQ(task["task_id"], id);
}

TEST_F(DmsctlTest, AnOperatorWatchesAnyTaskByItsIdAlone) {
    std::string id = submit("noop", "zoe");
    DmsctlRun run = dmsctl({"tasks", "watch", id, "--interval", "0.1"}, {{"DMS_OPERATOR_TOKEN", "test-token"}});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(contains(run.out, "completed")) << run.out;
    DmsctlRun neither = dmsctl({"tasks", "watch", id});
    EXPECT_EQ(neither.exit_code, 2);
    EXPECT_EQ(lines_of(neither.err).size(), 1u) << neither.err;
}

}  // namespace
}  // namespace dms::test
