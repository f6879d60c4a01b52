#include <gtest/gtest.h>

#include <csignal>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

HostProcessOptions options(const TempDir& dir, std::string grace) {
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.env = {{"DMS_SHUTDOWN_GRACE_SECONDS", std::move(grace)}};
    return options;
}

// Reads the task back from a host started on the same data directory with noop alone (nothing can run it).
nlohmann::json task_after_restart(const TempDir& dir, const std::string& id) {
    HostProcessOptions again = options(dir, "1");
    again.plugin_dir = make_plugin_dir(dir.path() / "noop-only", {bundled_plugin("noop")});
    HostProcess host(again);
    HttpClient client(host.port());
    return get_task(client, "sleep", "alice", id);
}

TEST(ShutdownTest, SigtermLetsARunningShortTaskFinishWithinGraceAndExitsZero) {
    TempDir dir;
    HostProcess host(options(dir, "5"));
    HttpClient client(host.port());
    std::string id = submit_task(client, "sleep", "alice", "seconds=0.8")["task_id"];
    wait_for_progress(client, "sleep", "alice", id, "sleeping");  // in its plugin, not only leased
    auto asked = Clock::now();
    EXPECT_EQ(host.terminate(10s), 0) << host.log();
    EXPECT_LT(Clock::now() - asked, 4s) << "the host waited out the whole grace instead of the task";
    EXPECT_NE(host.log().find("shutting down"), std::string::npos) << host.log();

    auto task = task_after_restart(dir, id);
    EXPECT_EQ(task["status"], "completed") << task.dump();
    EXPECT_EQ(task["attempts"], 1);
    EXPECT_EQ(task["result"]["slept_seconds"], 0.8);
}

TEST(ShutdownTest, SigtermWithALongTaskAndSmallGraceRequeuesItAndExitsZero) {
    TempDir dir;
    HostProcess host(options(dir, "0.3"));
    HttpClient client(host.port());
    std::string id = submit_task(client, "sleep", "alice", "seconds=30")["task_id"];
    wait_for_status(client, "sleep", "alice", id, "running");
    auto asked = Clock::now();
    EXPECT_EQ(host.terminate(10s), 0) << host.log();
    EXPECT_LT(Clock::now() - asked, 5s);

    auto task = task_after_restart(dir, id);
    EXPECT_EQ(task["status"], "queued") << task.dump();
    EXPECT_EQ(task["attempts"], 1);
    EXPECT_EQ(task["position"], 0);
    EXPECT_TRUE(has_log_containing(task, "returned to its queue")) << task.dump();
    EXPECT_TRUE(has_log_containing(task, "shut")) << "the log line says the host was shutting down: " << task.dump();
}

TEST(ShutdownTest, SigtermWhenIdleExitsZeroPromptly) {
    TempDir dir;
    HostProcess host(options(dir, "5"));
    EXPECT_EQ(HttpClient(host.port()).get("/healthz").status, 200u);
    auto asked = Clock::now();
    EXPECT_EQ(host.terminate(10s), 0) << host.log();
    EXPECT_LT(Clock::now() - asked, 2s);
}

TEST(ShutdownTest, SigintAlsoShutsDownCleanly) {
    TempDir dir;
    HostProcess host(options(dir, "5"));
    EXPECT_EQ(host.terminate(10s, SIGINT), 0) << host.log();
    EXPECT_NE(host.log().find("stopped"), std::string::npos) << host.log();
}

}  // namespace
}  // namespace dms::test
