// How an isolated attempt's outcome is decided from what the host saw of its runner.
#include <signal.h>

#include <gtest/gtest.h>

#include "runner/runner_ending.hpp"

namespace dms::runner {
namespace {

using plugin::RunOutcome;
using namespace std::chrono_literals;

RunnerEnding ended(ExitStatus exit) {
    RunnerEnding ending;
    ending.exit = exit;
    return ending;
}
RunnerEnding exited(int code) { return ended(ExitStatus{code, 0}); }
RunnerEnding signalled(int signal) { return ended(ExitStatus{0, signal}); }

TEST(RunnerEndingTest, TheRunnersOwnOutcomeWinsHoweverTheProcessEnded) {
    RunnerEnding ending = signalled(SIGSEGV);
    ending.reported = RunOutcome{RunOutcome::Kind::ok, false, "", {{"n", 1}}};
    const RunOutcome outcome = decide_runner_outcome(ending);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::ok);
    EXPECT_EQ(outcome.result, nlohmann::json({{"n", 1}}));
}

TEST(RunnerEndingTest, ACrashNamesItsSignal) {
    EXPECT_EQ(decide_runner_outcome(signalled(SIGSEGV)).message, "plugin crashed: signal 11 (SIGSEGV)");
    EXPECT_EQ(decide_runner_outcome(signalled(SIGABRT)).message, "plugin crashed: signal 6 (SIGABRT)");
    EXPECT_EQ(decide_runner_outcome(signalled(SIGKILL)).message, "plugin crashed: signal 9 (SIGKILL)");
    EXPECT_EQ(decide_runner_outcome(signalled(SIGSEGV)).kind, RunOutcome::Kind::error);
    EXPECT_FALSE(decide_runner_outcome(signalled(SIGSEGV)).permanent);
}

TEST(RunnerEndingTest, SigxcpuUnderACpuLimitSaysSo) {
    RunnerEnding ending = signalled(SIGXCPU);
    ending.cpu_limit_seconds = 2;
    EXPECT_EQ(decide_runner_outcome(ending).message, "plugin crashed: signal 24 (SIGXCPU), over its CPU limit of 2s");
}

TEST(RunnerEndingTest, AKillAfterTheCancelGraceSaysSo) {
    RunnerEnding ending = signalled(SIGKILL);
    ending.killed_after_grace = true;
    ending.cancel_grace = 1500ms;
    const RunOutcome outcome = decide_runner_outcome(ending);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_EQ(outcome.message, "plugin did not stop within 1.5s of being cancelled and was killed");
}

TEST(RunnerEndingTest, AnExitWithoutAnOutcomeGivesItsStatus) {
    EXPECT_EQ(decide_runner_outcome(exited(0)).message,
              "plugin runner exited with status 0 without reporting an outcome");
    EXPECT_EQ(decide_runner_outcome(exited(3)).message,
              "plugin runner exited with status 3 without reporting an outcome");
}

TEST(RunnerEndingTest, AMalformedFrameSaysWhat) {
    RunnerEnding ending = signalled(SIGKILL);
    ending.protocol_error = "a frame announced 99999999999 bytes";
    EXPECT_EQ(decide_runner_outcome(ending).message,
              "plugin runner sent a malformed frame (a frame announced 99999999999 bytes) and was killed");
}

}  // namespace
}  // namespace dms::runner
