#include <gtest/gtest.h>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

bool has_log_containing(const nlohmann::json& task, std::string_view text) {
    for (const auto& line : task["logs"]) {
        if (line.get<std::string>().find(text) != std::string::npos) return true;
    }
    return false;
}

// A plugin that ignores cancel: the task still ends cancelled once the grace runs out, and the worker it
// holds is replaced, so the one-worker host keeps running other tasks meanwhile.
TEST(CancelGraceTest, APluginThatIgnoresCancelIsEndedAfterTheGraceAndItsWorkerReplaced) {
    TestHost host([](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(root / "plugins", {test_plugin("echo", "echo"), bundled_plugin("noop")});
        config.worker_count = 1;
        config.cancel_grace_seconds = 0.3;
    });
    std::string stubborn = host.submit("echo", "alice", "wait_ms=4000&ignore_cancel=true")["task_id"];
    host.wait_for_progress("echo", "alice", stubborn, "started");  // in its plugin, not only leased
    auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(host.client().post(TestHost::task_path("echo", stubborn, "alice", "/cancel")).status, 200u);

    auto cancelled = host.wait_for_status("echo", "alice", stubborn, "cancelled", 3s);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    EXPECT_TRUE(has_log_containing(cancelled, "did not stop within 0.3s")) << cancelled.dump();
    EXPECT_NE(cancelled["result"]["error"].get<std::string>().find("did not stop"), std::string::npos);

    // The only worker is still inside the stubborn plugin; its replacement runs this one.
    std::string next = host.submit("noop", "alice")["task_id"];
    host.wait_for_status("noop", "alice", next, "completed", 3s);

    // When the plugin finally returns, its ending is not recorded over the cancel.
    EXPECT_EQ(host.app().abandoned_plugin_calls(), 1u);
    ASSERT_TRUE(wait_until([&] { return host.app().abandoned_plugin_calls() == 0; }, 8s));
    auto after = host.get_task("echo", "alice", stubborn);
    EXPECT_EQ(after["status"], "cancelled");
    EXPECT_EQ(after["log_count"], cancelled["log_count"]) << after.dump();
}

// Finished tasks are swept away once their TTL has passed; queued and running ones never are.
TEST(TaskExpiryTest, FinishedTasksExpireAfterTheTtlAndOthersStay) {
    TestHost host([](config::Config& config, const std::filesystem::path&) {
        config.task_ttl_seconds = 1;
        config.sweep_interval_seconds = 0.1;
        config.service_concurrency = {{"sleep", 1}};
    });
    std::string finished = host.submit("noop", "alice")["task_id"];
    host.wait_for_status("noop", "alice", finished, "completed");
    std::string running = host.submit("sleep", "alice", "seconds=30")["task_id"];
    host.wait_for_status("sleep", "alice", running, "running");
    std::string queued = host.submit("sleep", "alice", "seconds=30")["task_id"];

    EXPECT_TRUE(wait_until(
        [&] { return host.client().get(TestHost::task_path("noop", finished, "alice")).status == 404; }, 5s));
    EXPECT_EQ(host.get_task("sleep", "alice", running)["status"], "running");
    EXPECT_EQ(host.get_task("sleep", "alice", queued)["status"], "queued");
}

}  // namespace
}  // namespace dms::test
