// The SDK as a plugin author meets it: executors run through dms::sdk::testing::FakeHost, no host.
#include <dms/sdk_fake.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "echo_executor.hpp"
#include "sleep_executor.hpp"

namespace dms::sdk::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using dms::plugins::SleepExecutor;
using dms::test_plugins::EchoExecutor;

// Throws whatever its service names: how the SDK maps each exception to a status.
class ThrowingExecutor : public Executor {
public:
    static PluginInfo info() {
        return {"throwing",
                "0.1",
                "",
                {{"std", "", {}},
                 {"other", "", {}},
                 {"cancel", "", {}},
                 {"invalid", "", {}},
                 {"array_result", "", {}},
                 {"empty", "", {}}}};
    }
    void run(Task& task) override {
        if (task.service() == "std") throw std::runtime_error("disk on fire");
        if (task.service() == "other") throw 42;
        if (task.service() == "cancel") throw Cancelled();
        if (task.service() == "invalid") throw InvalidParameters("no good");
        if (task.service() == "array_result") task.set_result(nlohmann::json::array({1, 2}));
        throw std::runtime_error("");
    }
};

// Cannot even describe itself.
class BrokenInfoExecutor : public Executor {
public:
    static PluginInfo info() { throw std::runtime_error("no configuration file"); }
    void run(Task&) override {}
};

// Describes a service the host would refuse.
class BadServiceNameExecutor : public Executor {
public:
    static PluginInfo info() { return {"bad", "0.1", "", {{"Bad Name", "", {}}}}; }
    void run(Task&) override {}
};

TEST(FakeHostTest, DescribesTheSleepPlugin) {
    auto host = FakeHost::of<SleepExecutor>();
    ASSERT_TRUE(host.loaded()) << host.init_message();
    EXPECT_STREQ(host.plugin().name, "sleep");
    EXPECT_EQ(host.plugin().abi_major, DMS_ABI_MAJOR);
    ASSERT_EQ(host.plugin().service_count, 1u);
    EXPECT_STREQ(host.plugin().services[0].name, "sleep");
    const auto parameters = nlohmann::json::parse(host.plugin().services[0].parameters_json);
    ASSERT_TRUE(parameters.is_array());
    EXPECT_EQ(parameters.at(0).at("name"), "seconds");
}

TEST(FakeHostTest, SleepValidatesSecondsAsNumberOrNumericString) {
    auto host = FakeHost::of<SleepExecutor>();
    for (const nlohmann::json& ok :
         {nlohmann::json(0), nlohmann::json(2.5), nlohmann::json("5"), nlohmann::json("0.25"), nlohmann::json(86400)}) {
        EXPECT_EQ(host.validate("sleep", {{"seconds", ok}}), std::nullopt) << ok;
    }
    for (const nlohmann::json& bad :
         {nlohmann::json(-1), nlohmann::json(86401), nlohmann::json("abc"), nlohmann::json("5s"), nlohmann::json(""),
          nlohmann::json(true), nlohmann::json("nan"), nlohmann::json::array()}) {
        const auto message = host.validate("sleep", {{"seconds", bad}});
        ASSERT_TRUE(message.has_value()) << bad;
        EXPECT_THAT(*message, HasSubstr("parameter 'seconds' must be a number from 0 to 86400"));
    }
    EXPECT_THAT(host.validate("sleep", nlohmann::json::object()).value_or(""), HasSubstr("'seconds' is required"));
    EXPECT_THAT(host.validate("sleep", {{"seconds", 1}, {"speed", 2}}).value_or(""),
                HasSubstr("unknown parameter 'speed'"));
    EXPECT_THAT(host.validate("nap", {{"seconds", 1}}).value_or(""), HasSubstr("unknown service 'nap'"));
}

TEST(FakeHostTest, SleepCompletesWithProgressAndResult) {
    auto host = FakeHost::of<SleepExecutor>();
    const RunReport report = host.run({"sleep", {{"seconds", "0.3"}}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(report.result, nlohmann::json({{"slept_seconds", 0.3}}));
    ASSERT_FALSE(report.progress.empty());
    EXPECT_EQ(report.progress.back().done, 0.3);
    EXPECT_EQ(report.progress.back().total, 0.3);
    EXPECT_EQ(report.progress.back().unit, "seconds");
    ASSERT_FALSE(report.logs.empty());
    EXPECT_THAT(report.logs.front().message, HasSubstr("sleeping 0.3 seconds"));
}

TEST(FakeHostTest, SleepStopsPromptlyWhenCancelledAndCheckpoints) {
    auto host = FakeHost::of<SleepExecutor>();
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        host.cancel();
    });
    const auto start = Clock::now();
    const RunReport report = host.run({"sleep", {{"seconds", 60}}});
    const auto took = Clock::now() - start;
    canceller.join();
    EXPECT_EQ(report.status, DMS_STATUS_CANCELLED);
    EXPECT_LT(took, std::chrono::milliseconds(700));
    ASSERT_FALSE(report.checkpoints.empty());
    EXPECT_GT(std::stod(report.last_checkpoint()), 0.1);
}

TEST(FakeHostTest, SleepResumesFromItsCheckpoint) {
    auto host = FakeHost::of<SleepExecutor>();
    const auto start = Clock::now();
    TaskRequest request("sleep", {{"seconds", 2}});
    request.resume_cursor = "1.9";
    request.attempt = 2;
    const RunReport report = host.run(request);
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(900));
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(report.result.at("slept_seconds"), 2);
    EXPECT_THAT(report.logs.front().message, HasSubstr("resuming after 1.9 of 2 seconds"));
}

TEST(FakeHostTest, EchoSetsParametersCursorAndAttemptAsResult) {
    auto host = FakeHost::of<EchoExecutor>();
    const nlohmann::json parameters = {{"greeting", "hi"}, {"checkpoint", "c-7"}};
    TaskRequest request("echo", parameters);
    request.resume_cursor = "c-6";
    request.attempt = 3;
    request.user_id = "ann";
    const RunReport report = host.run(request);
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(report.result.at("parameters"), parameters);
    EXPECT_EQ(report.result.at("resume_cursor"), "c-6");
    EXPECT_EQ(report.result.at("attempt"), 3);
    EXPECT_EQ(report.result.at("user_id"), "ann");
    EXPECT_EQ(report.checkpoints, std::vector<std::string>{"c-7"});
    EXPECT_EQ(report.progress.size(), 2u);
}

TEST(FakeHostTest, EchoFailsOnlyTheFirstAttemptsItIsToldTo) {
    auto host = FakeHost::of<EchoExecutor>();
    const nlohmann::json parameters = {{"fail", "quota exceeded"}, {"fail_attempts", "1"}};
    TaskRequest request("echo", parameters);
    const RunReport first = host.run(request);
    EXPECT_EQ(first.status, DMS_STATUS_ERROR);
    EXPECT_EQ(first.message, "quota exceeded");
    request.attempt = 2;
    const RunReport second = host.run(request);
    EXPECT_EQ(second.status, DMS_STATUS_OK) << second.message;
    EXPECT_EQ(host.validate("echo", {{"reject", "not today"}}), "not today");
    EXPECT_THAT(host.validate("echo", {{"wait_ms", "soon"}}).value_or(""), HasSubstr("'wait_ms'"));
}

TEST(FakeHostTest, ExceptionsBecomeStatusesWithMessages) {
    auto host = FakeHost::of<ThrowingExecutor>();
    ASSERT_TRUE(host.loaded()) << host.init_message();
    EXPECT_STREQ(host.plugin().services[0].parameters_json, "[]");  // `{}` means no parameters
    const auto run = [&](const char* service) { return host.run(TaskRequest(service)); };
    EXPECT_EQ(run("std").status, DMS_STATUS_ERROR);
    EXPECT_EQ(run("std").message, "disk on fire");
    EXPECT_EQ(run("other").status, DMS_STATUS_ERROR);
    EXPECT_THAT(run("other").message, HasSubstr("unknown exception"));
    EXPECT_EQ(run("cancel").status, DMS_STATUS_CANCELLED);
    EXPECT_EQ(run("invalid").status, DMS_STATUS_INVALID);
    EXPECT_EQ(run("invalid").message, "no good");
    EXPECT_THAT(run("array_result").message, HasSubstr("must be a JSON object"));
    EXPECT_EQ(run("empty").message, "exception without a message");
    EXPECT_EQ(run("missing").status, DMS_STATUS_ERROR);
}

TEST(FakeHostTest, InitRefusesAnotherAbiMajorAndReportsInfoFailures) {
    FakeHost newer(&plugin_init<EchoExecutor>, DMS_ABI_MAJOR + 1, 0);
    EXPECT_FALSE(newer.loaded());
    EXPECT_THAT(newer.init_message(), HasSubstr("cannot run on a host with ABI 2.0"));
    EXPECT_THROW(newer.run(TaskRequest("echo")), std::logic_error);

    FakeHost older_minor(&plugin_init<EchoExecutor>, DMS_ABI_MAJOR, 0);
    EXPECT_TRUE(older_minor.loaded());

    auto bad_name = FakeHost::of<BadServiceNameExecutor>();
    EXPECT_FALSE(bad_name.loaded());
    EXPECT_EQ(bad_name.init_message(),
              "the host would refuse this plugin: service name 'Bad Name' is not [a-z0-9_-]{1,64}");

    auto broken = FakeHost::of<BrokenInfoExecutor>();
    EXPECT_FALSE(broken.loaded());
    EXPECT_EQ(broken.init_message(), "no configuration file");
}

}  // namespace
}  // namespace dms::sdk::testing
