// The chaos plugin through the fake host: every mode that leaves the process alive, and death tests for
// those that end it.
#include <dms/sdk_fake.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <thread>

#include "chaos_executor.hpp"

namespace dms::sdk::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using dms::plugins::ChaosExecutor;

// Runs `request` while another thread cancels it after `delay`.
RunReport run_cancelled_after(FakeHost& host, const TaskRequest& request, std::chrono::milliseconds delay) {
    std::thread canceller([&] {
        std::this_thread::sleep_for(delay);
        host.cancel();
    });
    RunReport report = host.run(request);
    canceller.join();
    return report;
}

// A death test's child should not leave a core file behind.
void without_core_dumps() {
    const rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
}

TEST(ChaosExecutorTest, DescribesOneServiceWithItsParameters) {
    auto host = FakeHost::of<ChaosExecutor>();
    ASSERT_TRUE(host.loaded()) << host.init_message();
    EXPECT_STREQ(host.plugin().name, "chaos");
    ASSERT_EQ(host.plugin().service_count, 1u);
    EXPECT_STREQ(host.plugin().services[0].name, "chaos");
    const auto parameters = nlohmann::json::parse(host.plugin().services[0].parameters_json);
    ASSERT_EQ(parameters.size(), 4u);
    EXPECT_EQ(parameters.at(0).at("name"), "mode");
    EXPECT_THAT(parameters.at(0).at("description").get<std::string>(), HasSubstr("garbage_stdout"));
}

TEST(ChaosExecutorTest, ValidateAcceptsEveryModeAndNumbersAsText) {
    auto host = FakeHost::of<ChaosExecutor>();
    for (const char* mode : {"succeed", "fail", "fail_permanently", "crash", "abort", "hang", "ignore_cancel", "quiet",
                             "heartbeat", "slow", "leak", "garbage_stdout", "bad_progress"}) {
        EXPECT_EQ(host.validate("chaos", {{"mode", mode}}), std::nullopt) << mode;
    }
    EXPECT_EQ(host.validate("chaos", nlohmann::json::object()), std::nullopt);
    EXPECT_EQ(host.validate("chaos", {{"mode", "slow"}, {"seconds", "2.5"}, {"fail_attempts", "3"}}), std::nullopt);
    EXPECT_EQ(host.validate("chaos", {{"seconds", 86400}, {"fail_attempts", 0}, {"message", "x"}}), std::nullopt);
}

TEST(ChaosExecutorTest, ValidateRefusesUnknownModesAndBadNumbers) {
    auto host = FakeHost::of<ChaosExecutor>();
    EXPECT_THAT(host.validate("chaos", {{"mode", "explode"}}).value_or(""),
                HasSubstr("parameter 'mode' must be one of"));
    EXPECT_THAT(host.validate("chaos", {{"mode", 3}}).value_or(""), HasSubstr("parameter 'mode'"));
    for (const nlohmann::json& bad :
         {nlohmann::json(-1), nlohmann::json(86401), nlohmann::json("abc"), nlohmann::json("1s"), nlohmann::json(true),
          nlohmann::json("nan"), nlohmann::json("1e999"), nlohmann::json::array()}) {
        EXPECT_THAT(host.validate("chaos", {{"seconds", bad}}).value_or(""), HasSubstr("parameter 'seconds'")) << bad;
    }
    for (const nlohmann::json& bad : {nlohmann::json(-1), nlohmann::json(1.5), nlohmann::json("two"),
                                      nlohmann::json(1e12), nlohmann::json(nullptr)}) {
        EXPECT_THAT(host.validate("chaos", {{"fail_attempts", bad}}).value_or(""),
                    HasSubstr("parameter 'fail_attempts'"))
            << bad;
    }
    EXPECT_THAT(host.validate("chaos", {{"message", 5}}).value_or(""), HasSubstr("parameter 'message'"));
    EXPECT_THAT(host.validate("chaos", {{"speed", 5}}).value_or(""), HasSubstr("unknown parameter 'speed'"));
}

TEST(ChaosExecutorTest, SucceedsByDefaultWithModeAndAttemptAsResult) {
    auto host = FakeHost::of<ChaosExecutor>();
    TaskRequest request("chaos");
    request.attempt = 2;
    const RunReport report = host.run(request);
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(report.result, nlohmann::json({{"mode", "succeed"}, {"attempt", 2}}));
}

TEST(ChaosExecutorTest, FailsWithItsMessageAndPermanentlyWhenAsked) {
    auto host = FakeHost::of<ChaosExecutor>();
    const RunReport failed = host.run({"chaos", {{"mode", "fail"}}});
    EXPECT_EQ(failed.status, DMS_STATUS_ERROR);
    EXPECT_EQ(failed.message, "chaos: failure on purpose");
    const RunReport permanent = host.run({"chaos", {{"mode", "fail_permanently"}, {"message", "no such bucket"}}});
    EXPECT_EQ(permanent.status, DMS_STATUS_PERMANENT);
    EXPECT_EQ(permanent.message, "no such bucket");
}

TEST(ChaosExecutorTest, FailAttemptsLimitsTheMisbehaviourToTheFirstAttempts) {
    auto host = FakeHost::of<ChaosExecutor>();
    for (std::uint32_t attempt : {1u, 2u, 3u}) {
        TaskRequest request("chaos", {{"mode", "fail"}, {"fail_attempts", "2"}});
        request.attempt = attempt;
        const RunReport report = host.run(request);
        EXPECT_EQ(report.status, attempt <= 2 ? DMS_STATUS_ERROR : DMS_STATUS_OK) << "attempt " << attempt;
        if (attempt == 3) {
            EXPECT_EQ(report.result, nlohmann::json({{"mode", "fail"}, {"attempt", 3}}));
        }
    }
    TaskRequest crash_later("chaos", {{"mode", "crash"}, {"fail_attempts", 1}});
    crash_later.attempt = 2;
    EXPECT_EQ(host.run(crash_later).status, DMS_STATUS_OK);
}

TEST(ChaosExecutorTest, RunRefusesBadParametersItWasNotGiven) {
    auto host = FakeHost::of<ChaosExecutor>();
    const RunReport report = host.run({"chaos", {{"mode", "explode"}}});
    EXPECT_EQ(report.status, DMS_STATUS_INVALID);
    EXPECT_THAT(report.message, HasSubstr("parameter 'mode'"));
}

TEST(ChaosExecutorTest, IgnoreCancelRunsItsTimeAnyway) {
    auto host = FakeHost::of<ChaosExecutor>();
    host.cancel();
    const auto start = Clock::now();
    const RunReport report = host.run({"chaos", {{"mode", "ignore_cancel"}, {"seconds", 0.3}}});
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(300));
    EXPECT_EQ(report.status, DMS_STATUS_CANCELLED);  // the SDK's answer whenever cancel was asked
    EXPECT_EQ(report.result.at("mode"), "ignore_cancel");
}

TEST(ChaosExecutorTest, QuietReportsNothingAndHonoursCancel) {
    auto host = FakeHost::of<ChaosExecutor>();
    const RunReport done = host.run({"chaos", {{"mode", "quiet"}, {"seconds", "0.25"}}});
    ASSERT_EQ(done.status, DMS_STATUS_OK) << done.message;
    EXPECT_TRUE(done.progress.empty());
    EXPECT_EQ(done.heartbeats, 0u);

    const auto start = Clock::now();
    const RunReport cancelled =
        run_cancelled_after(host, {"chaos", {{"mode", "quiet"}, {"seconds", 600}}}, std::chrono::milliseconds(100));
    EXPECT_EQ(cancelled.status, DMS_STATUS_CANCELLED);
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(30));
}

TEST(ChaosExecutorTest, HeartbeatBeatsWithoutProgress) {
    auto host = FakeHost::of<ChaosExecutor>();
    const RunReport report = host.run({"chaos", {{"mode", "heartbeat"}, {"seconds", 0.35}}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_GE(report.heartbeats, 1u);
    EXPECT_TRUE(report.progress.empty());
}

TEST(ChaosExecutorTest, SlowReportsRisingProgressAndHonoursCancel) {
    auto host = FakeHost::of<ChaosExecutor>();
    const RunReport report = host.run({"chaos", {{"mode", "slow"}, {"seconds", 0.35}}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    ASSERT_FALSE(report.progress.empty());
    for (std::size_t i = 1; i < report.progress.size(); ++i) {
        EXPECT_GE(report.progress[i].done, report.progress[i - 1].done);
        EXPECT_LE(report.progress[i].done, report.progress[i].total);
    }
    EXPECT_EQ(report.progress.back().unit, "seconds");

    const RunReport cancelled =
        run_cancelled_after(host, {"chaos", {{"mode", "slow"}, {"seconds", 600}}}, std::chrono::milliseconds(150));
    EXPECT_EQ(cancelled.status, DMS_STATUS_CANCELLED);
}

TEST(ChaosExecutorTest, LeakGrowsBy16MiBUntilCancelled) {
    auto host = FakeHost::of<ChaosExecutor>();
    const RunReport report = run_cancelled_after(host, {"chaos", {{"mode", "leak"}}}, std::chrono::milliseconds(120));
    EXPECT_EQ(report.status, DMS_STATUS_CANCELLED);
    ASSERT_FALSE(report.progress.empty());
    EXPECT_EQ(std::fmod(report.progress.back().done, 16.0 * 1024 * 1024), 0.0);
    EXPECT_EQ(report.progress.back().unit, "bytes");
}

TEST(ChaosExecutorTest, GarbageStdoutWritesRandomBytesToBothStreams) {
    auto host = FakeHost::of<ChaosExecutor>();
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const RunReport report = host.run({"chaos", {{"mode", "garbage_stdout"}}});
    const std::string out = ::testing::internal::GetCapturedStdout();
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_GE(out.size(), 1024u);
    EXPECT_GE(err.size(), 1024u);
    EXPECT_NE(out, err);
}

TEST(ChaosExecutorTest, BadProgressReportsNonsenseThenSucceeds) {
    auto host = FakeHost::of<ChaosExecutor>();
    const RunReport report = host.run({"chaos", {{"mode", "bad_progress"}}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    bool nan = false, negative = false, beyond = false;
    for (const ProgressReport& p : report.progress) {
        nan = nan || std::isnan(p.done);
        negative = negative || p.done < 0;
        beyond = beyond || (p.total > 0 && p.done > p.total);
    }
    EXPECT_TRUE(nan && negative && beyond);
}

TEST(ChaosExecutorDeathTest, CrashDiesOfSigsegv) {
    auto host = FakeHost::of<ChaosExecutor>();
    EXPECT_EXIT(
        {
            without_core_dumps();
            host.run({"chaos", {{"mode", "crash"}}});
        },
        ::testing::KilledBySignal(SIGSEGV), "");
}

TEST(ChaosExecutorDeathTest, AbortDiesOfSigabrt) {
    auto host = FakeHost::of<ChaosExecutor>();
    EXPECT_EXIT(
        {
            without_core_dumps();
            host.run({"chaos", {{"mode", "abort"}}});
        },
        ::testing::KilledBySignal(SIGABRT), "");
}

TEST(ChaosExecutorDeathTest, HangOutlivesCancel) {
    auto host = FakeHost::of<ChaosExecutor>();
    // In the death test's child: the hung thread cannot be joined, so the child ends itself with code 7.
    EXPECT_EXIT(
        {
            std::atomic<bool> returned{false};
            std::thread runner([&] {
                host.run({"chaos", {{"mode", "hang"}}});
                returned = true;
            });
            host.cancel();
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            std::_Exit(returned ? 1 : 7);
        },
        ::testing::ExitedWithCode(7), "");
}

}  // namespace
}  // namespace dms::sdk::testing
