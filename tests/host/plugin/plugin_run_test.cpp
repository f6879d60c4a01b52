// Running tasks through loaded plugins: outcomes, reports, cancel, resume, and plugins that misbehave.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bundled_plugins.hpp"

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "plugin/plugin_registry.hpp"
#include "recording_context.hpp"

namespace dms::plugin {
namespace {

namespace fs = std::filesystem;
using test::RecordingContext;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

using test::bundled_noop_and_sleep;
const fs::path kCases = DMS_TEST_PLUGIN_DIR;

RunRequest request(std::string service, nlohmann::json parameters = nlohmann::json::object()) {
    return RunRequest{"6f1c2a40-0000-4000-8000-000000000001", std::move(service), "ann", std::move(parameters), "", 1};
}

TEST(PluginRunTest, NoopCompletesAtOnce) {
    const PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    RecordingContext context;
    const RunOutcome outcome = registry.run(request("noop"), context);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::ok);
    EXPECT_EQ(outcome.result, nlohmann::json({{"ok", true}}));
}

TEST(PluginRunTest, SleepReportsProgressAndCompletes) {
    const PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    RecordingContext context;
    const RunOutcome outcome = registry.run(request("sleep", {{"seconds", "0.6"}}), context);
    ASSERT_EQ(outcome.kind, RunOutcome::Kind::ok) << outcome.message;
    EXPECT_EQ(outcome.result, nlohmann::json({{"slept_seconds", 0.6}}));
    const auto progress = context.progress_reports();
    ASSERT_GE(progress.size(), 3u);
    EXPECT_EQ(progress.back(), (task::Progress{0.6, 0.6, "seconds", "done"}));
    EXPECT_THAT(context.logs().front().second, HasSubstr("sleeping 0.6 seconds"));
}

TEST(PluginRunTest, SleepStopsPromptlyOnCancelAndResumesFromItsCheckpoint) {
    const PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    RecordingContext context;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        context.cancel();
    });
    const auto start = Clock::now();
    const RunOutcome cancelled = registry.run(request("sleep", {{"seconds", 600}}), context);
    const auto took = Clock::now() - start;
    canceller.join();
    EXPECT_EQ(cancelled.kind, RunOutcome::Kind::cancelled);
    EXPECT_LT(took, std::chrono::milliseconds(800));
    ASSERT_FALSE(context.checkpoints().empty());
    const double slept = std::stod(context.checkpoints().back());
    EXPECT_GT(slept, 0.2);

    RecordingContext again;
    RunRequest resumed = request("sleep", {{"seconds", slept + 0.2}});
    resumed.resume_cursor = context.checkpoints().back();
    resumed.attempt = 2;
    const auto restart = Clock::now();
    const RunOutcome outcome = registry.run(resumed, again);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::ok) << outcome.message;
    EXPECT_LT(Clock::now() - restart, std::chrono::milliseconds(600));
    EXPECT_THAT(again.logs().front().second, HasSubstr("resuming after"));
}

TEST(PluginRunTest, EchoHandsBackParametersCursorAndAttempt) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "echo");
    RecordingContext context;
    RunRequest echo = request("echo", {{"size", "12"}, {"checkpoint", "chunk-4"}});
    echo.resume_cursor = "chunk-3";
    echo.attempt = 2;
    const RunOutcome outcome = registry.run(echo, context);
    ASSERT_EQ(outcome.kind, RunOutcome::Kind::ok) << outcome.message;
    EXPECT_EQ(outcome.result.at("parameters"), echo.parameters);
    EXPECT_EQ(outcome.result.at("resume_cursor"), "chunk-3");
    EXPECT_EQ(outcome.result.at("attempt"), 2);
    EXPECT_EQ(outcome.result.at("task_id"), echo.task_id);
    EXPECT_EQ(outcome.result.at("user_id"), "ann");
    EXPECT_EQ(context.checkpoints(), std::vector<std::string>{"chunk-4"});
    ASSERT_FALSE(context.logs().empty());
    EXPECT_EQ(context.logs().front().first, LogLevel::info);
    EXPECT_THAT(context.logs().front().second, HasSubstr("echo {"));
    EXPECT_EQ(context.progress_reports().size(), 2u);
}

TEST(PluginRunTest, EchoFailsWithItsMessageAndRunsConcurrently) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "echo");
    RecordingContext context;
    const RunOutcome failed = registry.run(request("echo", {{"fail", "quota exceeded"}}), context);
    EXPECT_EQ(failed.kind, RunOutcome::Kind::error);
    EXPECT_EQ(failed.message, "quota exceeded");

    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            RecordingContext own;
            const RunOutcome outcome = registry.run(request("echo", {{"n", i}, {"wait_ms", 20}}), own);
            if (outcome.kind == RunOutcome::Kind::ok && outcome.result.at("parameters").at("n") == i) ++ok;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(ok, 8);
}

TEST(PluginRunTest, AThrowingPluginFailsWithTheExceptionsMessage) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "throws");
    RecordingContext context;
    const RunOutcome thrown = registry.run(request("throw_std"), context);
    EXPECT_EQ(thrown.kind, RunOutcome::Kind::error);
    EXPECT_EQ(thrown.message, "disk on fire");
    const RunOutcome other = registry.run(request("throw_other"), context);
    EXPECT_EQ(other.kind, RunOutcome::Kind::error);
    EXPECT_THAT(other.message, HasSubstr("unknown exception"));
}

TEST(PluginRunTest, NonsenseFromAPluginBecomesAnError) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "nonsense");
    ASSERT_EQ(registry.plugin_count(), 1u);
    RecordingContext context;
    const RunOutcome status = registry.run(request("bad_status"), context);
    EXPECT_EQ(status.kind, RunOutcome::Kind::error);
    EXPECT_EQ(status.message, "plugin 'nonsense' returned unknown status 77");
    const RunOutcome result = registry.run(request("bad_result"), context);
    EXPECT_EQ(result.kind, RunOutcome::Kind::error);
    EXPECT_EQ(result.message, "plugin 'nonsense' returned OK after setting a result that is not a JSON object");
    const RunOutcome silent = registry.run(request("silent_error"), context);
    EXPECT_EQ(silent.kind, RunOutcome::Kind::error);
    EXPECT_EQ(silent.message, "plugin 'nonsense' failed without a message");
}

TEST(PluginRunTest, NonsenseProgressIsIgnored) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "nonsense");
    RecordingContext context;
    const RunOutcome outcome = registry.run(request("bad_progress"), context);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::ok) << outcome.message;
    EXPECT_EQ(context.progress_reports(), std::vector<task::Progress>{(task::Progress{1, 2, "steps", "half"})});
}

TEST(PluginRunTest, AnUnknownServiceIsAnError) {
    const PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    RecordingContext context;
    const RunOutcome outcome = registry.run(request("copy"), context);
    EXPECT_EQ(outcome.kind, RunOutcome::Kind::error);
    EXPECT_EQ(outcome.message, "no plugin provides service 'copy'");
}

}  // namespace
}  // namespace dms::plugin
