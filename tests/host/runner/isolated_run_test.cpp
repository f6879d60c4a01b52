// Attempts in real dms-runner processes, running real plugins: reports forwarded, cancel passed on, and every
// way a plugin can misbehave - crash, abort, leak, hang, garbage on stdout, CPU burnt - an outcome of its own
// while this process (the host's stand-in) carries on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "../plugin/recording_context.hpp"
#include "plugin/host_settings.hpp"
#include "runner/isolated_run.hpp"
#include "runner_fixtures.hpp"
#include "support/test_host.hpp"

namespace dms::runner {
namespace {

using plugin::RunOutcome;
using plugin::test::RecordingContext;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace test;
using Clock = std::chrono::steady_clock;

RunOutcome run_chaos(const nlohmann::json& parameters, RecordingContext& context,
                     const RunnerSettings& settings = runner_settings()) {
    return IsolatedRun(settings, chaos_plugin(), context).run(run_request("chaos", parameters));
}

TEST(IsolatedRunTest, EchoCompletesWithItsReportsCheckpointAndResultForwarded) {
    plugin::publish_host_settings({{"DMS_DATA_DIR", "/srv/dms-data"}});
    RecordingContext context;
    plugin::RunRequest request =
        run_request("echo", {{"checkpoint", "c-1"}, {"setting", "DMS_DATA_DIR"}, {"note", "hi"}});
    request.resume_cursor = "c-0";
    request.attempt = 2;
    const RunOutcome outcome = IsolatedRun(runner_settings(), echo_plugin(), context).run(request);

    ASSERT_EQ(outcome.kind, RunOutcome::Kind::ok) << outcome.message;
    EXPECT_EQ(outcome.result["parameters"], request.parameters);
    EXPECT_EQ(outcome.result["resume_cursor"], "c-0");
    EXPECT_EQ(outcome.result["attempt"], 2);
    EXPECT_EQ(outcome.result["task_id"], request.task_id);
    EXPECT_EQ(outcome.result["setting"], "/srv/dms-data");  // a setting the host published, not in the environment
    ASSERT_FALSE(context.logs().empty());
    EXPECT_THAT(context.logs().front().second, StartsWith("echo "));
    EXPECT_EQ(context.checkpoints(), std::vector<std::string>{"c-1"});
    ASSERT_FALSE(context.progress_reports().empty());
    EXPECT_EQ(context.progress_reports().back(), (task::Progress{1, 1, "steps", "done"}));
    EXPECT_TRUE(has_no_children());
}

TEST(IsolatedRunTest, FailuresKeepTheirMessageAndPermanence) {
    RecordingContext context;
    const RunOutcome failed = run_chaos({{"mode", "fail"}, {"message", "disk on fire"}}, context);
    EXPECT_EQ(failed.kind, RunOutcome::Kind::error);
    EXPECT_EQ(failed.message, "disk on fire");
    EXPECT_FALSE(failed.permanent);
    const RunOutcome permanent = run_chaos({{"mode", "fail_permanently"}, {"message", "no such file"}}, context);
    EXPECT_EQ(permanent.kind, RunOutcome::Kind::error);
    EXPECT_EQ(permanent.message, "no such file");
    EXPECT_TRUE(permanent.permanent);
}

TEST(IsolatedRunTest, ACrashIsAnErrorNamingSigsegv) {
    RecordingContext context;
    const RunOutcome outcome = run_chaos({{"mode", "crash"}}, context);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_EQ(outcome.message, "plugin crashed: signal 11 (SIGSEGV)");
    EXPECT_TRUE(has_no_children());
}

TEST(IsolatedRunTest, AnAbortIsAnErrorNamingSigabrt) {
    RecordingContext context;
    const RunOutcome outcome = run_chaos({{"mode", "abort"}}, context);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_EQ(outcome.message, "plugin crashed: signal 6 (SIGABRT)");
}

TEST(IsolatedRunTest, ALeakUnderAMemoryLimitFailsTheAttemptAndNothingElse) {
    if (kAddressSanitizer) GTEST_SKIP() << "RLIMIT_AS cannot hold an AddressSanitizer process";
    RecordingContext context;
    const RunOutcome outcome = run_chaos({{"mode", "leak"}}, context, runner_settings({0, 256, 0}));
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_EQ(outcome.message, "plugin ran out of memory under its limit of 256 MiB (std::bad_alloc)");
    // It did leak, in the runner, and no further than the limit: progress counts the bytes.
    ASSERT_FALSE(context.progress_reports().empty());
    EXPECT_LE(context.progress_reports().back().done, 256.0 * (1 << 20));

    RecordingContext next;
    EXPECT_EQ(run_chaos({{"mode", "succeed"}}, next).kind, RunOutcome::Kind::ok);
    EXPECT_TRUE(has_no_children());
}

TEST(IsolatedRunTest, ACpuLimitEndsASpinningPluginWithSigxcpu) {
    RecordingContext context;
    const RunOutcome outcome = IsolatedRun(runner_settings({1, 0, 0}), spin_plugin(), context)
                                   .run(run_request("spin", nlohmann::json::object()));
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_THAT(outcome.message, StartsWith("plugin crashed: signal 24 (SIGXCPU)"));
}

TEST(IsolatedRunTest, GarbageOnStdoutAndStderrDoesNotDisturbTheAttempt) {
    RecordingContext context;
    const RunOutcome outcome = run_chaos({{"mode", "garbage_stdout"}}, context);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::ok) << outcome.message;
}

TEST(IsolatedRunTest, HeartbeatsAreForwarded) {
    RecordingContext context;
    const RunOutcome outcome = run_chaos({{"mode", "heartbeat"}, {"seconds", 0.35}}, context);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::ok) << outcome.message;
    EXPECT_GE(context.heartbeats(), 1);
}

TEST(IsolatedRunTest, NonsenseProgressIsFilteredInTheRunnerAsInTheHost) {
    RecordingContext context;
    EXPECT_EQ(run_chaos({{"mode", "bad_progress"}}, context).kind, RunOutcome::Kind::ok);
    for (const task::Progress& progress : context.progress_reports()) {
        EXPECT_TRUE(std::isfinite(progress.done) && std::isfinite(progress.total) && progress.done >= 0);
    }
}

TEST(IsolatedRunTest, ACancelReachesThePluginWhichStops) {
    RecordingContext context;
    std::thread canceller([&] {
        dms::test::wait_until([&] { return !context.progress_reports().empty(); });
        context.cancel();
    });
    const auto start = Clock::now();
    const RunOutcome outcome = run_chaos({{"mode", "slow"}, {"seconds", 60}}, context);
    canceller.join();
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::cancelled) << outcome.message;
    EXPECT_LT(Clock::now() - start, 30s);
}

TEST(IsolatedRunTest, APluginThatIgnoresCancelIsKilledAfterTheGrace) {
    const std::pair<const char*, const char*> cases[] = {{"hang", "0190f0c2-0000-7000-8000-0000000000a1"},
                                                         {"ignore_cancel", "0190f0c2-0000-7000-8000-0000000000a2"}};
    for (const auto& [mode, task_id] : cases) {
        RecordingContext context;
        context.cancel();  // before it even starts: the runner gets the cancel at once
        const auto start = Clock::now();
        const RunOutcome outcome = IsolatedRun(runner_settings({}, 300ms), chaos_plugin(), context)
                                       .run(run_request("chaos", {{"mode", mode}, {"seconds", 60}}, task_id));
        EXPECT_EQ(outcome.kind, RunOutcome::Kind::error) << mode;
        EXPECT_EQ(outcome.message, "plugin did not stop within 0.3s of being cancelled and was killed") << mode;
        EXPECT_LT(Clock::now() - start, 30s) << mode;
        EXPECT_EQ(processes_with_argument(task_id), 0) << mode;  // --task-id <id>: no runner of it is left
    }
    EXPECT_TRUE(has_no_children());
}

TEST(IsolatedRunTest, AMissingRunnerIsAnErrorSayingSo) {
    RecordingContext context;
    RunnerSettings settings = runner_settings();
    settings.runner_path = "/nonexistent/dms-runner";
    const RunOutcome outcome = run_chaos({{"mode", "succeed"}}, context, settings);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_THAT(outcome.message, StartsWith("cannot start the plugin runner: /nonexistent/dms-runner"));
}

TEST(IsolatedRunTest, APluginTheRunnerCannotLoadIsAnError) {
    RecordingContext context;
    const RunOutcome outcome = IsolatedRun(runner_settings(), "/nonexistent/libdms_x.so", context)
                                   .run(run_request("x", nlohmann::json::object()));
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_THAT(outcome.message, HasSubstr("plugin runner cannot load the plugin"));
}

}  // namespace
}  // namespace dms::runner
