// Attempt timeouts (per task and per service) and the stall watch, over HTTP against a real host.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "echo_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// A plugin that ignores a stop is ended this soon.
TestHost::Adjust short_grace() {
    return [](config::Config& config, const std::filesystem::path&) { config.cancel_grace_seconds = 0.3; };
}

TEST(TimeoutTest, ATaskOverItsOwnTimeoutFailsWithCodeTimeoutAndIsRetriedByPolicy) {
    TestHost host(with_echo(short_grace()));
    auto started = std::chrono::steady_clock::now();
    std::string id =
        host.submit("echo", "alice", "wait_ms=20000", R"({"timeout_seconds": 0.3, "max_retries": 1})")["task_id"];
    auto task = host.wait_for_status("echo", "alice", id, "failed");
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
    EXPECT_EQ(task["result"]["error_code"], "timeout") << task.dump();
    EXPECT_NE(task["result"]["error"].get<std::string>().find("longer than 0.3s"), std::string::npos) << task.dump();
    EXPECT_EQ(task["timeout_seconds"], 0.3);
    ASSERT_EQ(task["attempt_history"].size(), 2u) << task.dump();
    EXPECT_EQ(task["attempt_history"][1]["outcome"], "failed");
    EXPECT_TRUE(has_log_containing(task, "timed out after 0.3s")) << task.dump();
}

TEST(TimeoutTest, TheServiceTimeoutAppliesAndAPluginIgnoringTheStopIsEndedAfterTheGrace) {
    TestHost host(with_echo([](config::Config& config, const std::filesystem::path&) {
        config.service_overrides.timeout_seconds["echo"] = 0.3;
        config.worker_count = 1;
        config.cancel_grace_seconds = 0.3;
    }));
    std::string stubborn = host.submit("echo", "alice", "wait_ms=4000&ignore_cancel=true")["task_id"];
    auto task = host.wait_for_status("echo", "alice", stubborn, "failed", 3s);
    EXPECT_EQ(task["result"]["error_code"], "timeout") << task.dump();
    EXPECT_TRUE(has_log_containing(task, "did not stop within 0.3s")) << task.dump();
    // The only worker is still inside the plugin; its replacement runs the next task.
    std::string next = host.submit("noop", "alice")["task_id"];
    host.wait_for_status("noop", "alice", next, "completed", 3s);
}

TEST(StallTest, AQuietTaskIsStoppedAsStalledAndHeartbeatsKeepAnotherAlive) {
    TestHost host(with_echo([](config::Config& config, const std::filesystem::path&) {
        config.service_overrides.stall_seconds["echo"] = 0.4;
    }));
    std::string quiet = host.submit("echo", "alice", "wait_ms=20000")["task_id"];
    std::string beating = host.submit("echo", "alice", "wait_ms=1500&heartbeat_ms=100")["task_id"];

    auto stalled = host.wait_for_status("echo", "alice", quiet, "failed");
    EXPECT_EQ(stalled["result"]["error_code"], "stalled") << stalled.dump();
    EXPECT_TRUE(has_log_containing(stalled, "no progress or heartbeat for 0.4s")) << stalled.dump();

    auto alive = host.wait_for_status("echo", "alice", beating, "completed");
    EXPECT_EQ(alive["attempts"], 1) << alive.dump();
}

}  // namespace
}  // namespace dms::test
