// DMS_SERVICE_ISOLATION=chaos=runner in a real host over HTTP: each misbehaving chaos task ends failed with
// the right error while the host keeps answering and runs other tasks meanwhile.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string_view>

#include "runner_fixtures.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using runner::test::chaos_plugin;
using runner::test::processes_with_argument;
using namespace std::chrono_literals;

TestHost::Adjust isolated_chaos(unsigned workers) {
    return [workers](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(root / "plugins", {chaos_plugin(), bundled_plugin("noop")});
        config.service_overrides.isolation["chaos"] = config::Isolation::runner;
        if (!runner::test::kAddressSanitizer) config.service_overrides.runner_memory_mb["chaos"] = 256;
        config.worker_count = workers;
        config.cancel_grace_seconds = 0.5;
    };
}

std::string error_of(const nlohmann::json& task) { return task["result"].value("error", std::string()); }

TEST(IsolationHostTest, MisbehavingTasksFailWithTheirCauseWhileTheHostCarriesOn) {
    TestHost host(isolated_chaos(4));
    std::map<std::string, std::string> ids;
    for (const char* mode : {"crash", "abort", "leak", "fail_permanently"}) {
        if (std::string_view(mode) == "leak" && runner::test::kAddressSanitizer) continue;  // see kAddressSanitizer
        ids[mode] = host.submit("chaos", "alice", std::string("mode=") + mode)["task_id"];
    }
    const std::string garbage = host.submit("chaos", "alice", "mode=garbage_stdout")["task_id"];

    // Meanwhile the host answers and runs other work.
    EXPECT_EQ(host.client().get("/healthz").status, 200u);
    const std::string noop = host.submit("noop", "bob")["task_id"];
    host.wait_for_status("noop", "bob", noop, "completed", 20s);

    EXPECT_EQ(error_of(host.wait_for_status("chaos", "alice", ids["crash"], "failed", 20s)),
              "plugin crashed: signal 11 (SIGSEGV)");
    EXPECT_EQ(error_of(host.wait_for_status("chaos", "alice", ids["abort"], "failed", 20s)),
              "plugin crashed: signal 6 (SIGABRT)");
    if (ids.contains("leak")) {
        EXPECT_EQ(error_of(host.wait_for_status("chaos", "alice", ids["leak"], "failed", 30s)),
                  "plugin ran out of memory under its limit of 256 MiB (std::bad_alloc)");
    }
    EXPECT_EQ(error_of(host.wait_for_status("chaos", "alice", ids["fail_permanently"], "failed", 20s)),
              "chaos: failure on purpose");
    host.wait_for_status("chaos", "alice", garbage, "completed", 20s);
    EXPECT_EQ(host.client().get("/healthz").status, 200u);
    EXPECT_EQ(host.client().get("/readyz").status, 200u);
}

TEST(IsolationHostTest, AHungTaskIsCancelledAndItsRunnerKilledWhileOthersRun) {
    TestHost host(isolated_chaos(2));
    const std::string hung = host.submit("chaos", "alice", "mode=hang")["task_id"];
    host.wait_for_status("chaos", "alice", hung, "running");
    ASSERT_TRUE(wait_until([&] { return processes_with_argument(hung) == 1; }));

    ASSERT_EQ(host.client().post(TestHost::task_path("chaos", hung, "alice", "/cancel")).status, 200u);
    host.wait_for_status("chaos", "alice", hung, "cancelled", 10s);
    EXPECT_TRUE(wait_until([&] { return processes_with_argument(hung) == 0; }, 10s));

    const std::string noop = host.submit("noop", "bob")["task_id"];
    host.wait_for_status("noop", "bob", noop, "completed");
    const std::string next = host.submit("chaos", "alice", "mode=succeed")["task_id"];
    host.wait_for_status("chaos", "alice", next, "completed");
}

TEST(IsolationHostTest, ShutdownLeavesNoRunnerBehindEvenOneThatIgnoresCancel) {
    TestHost host(isolated_chaos(2));
    const std::string hung = host.submit("chaos", "alice", "mode=hang")["task_id"];
    ASSERT_TRUE(wait_until([&] { return processes_with_argument(hung) == 1; }));
    host.shutdown();
    EXPECT_TRUE(wait_until([&] { return processes_with_argument(hung) == 0; }, 10s));
}

}  // namespace
}  // namespace dms::test
