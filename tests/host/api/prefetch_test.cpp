// How many tasks the dispatcher leases ahead: many for fast plugins (a lease commit shared by a batch), none
// beyond the free workers for slow ones (a slow task leased early would only wait, marked running, on this host).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

nlohmann::json noop_counts(TestHost& host) { return host.admin_get("/admin/stats").json()["by_service"]["noop"]; }

TEST(PrefetchTest, SlowTasksAreLeasedOnlyForFreeWorkers) {
    TestHost host([](config::Config& config, const std::filesystem::path&) { config.worker_count = 2; });
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(host.submit("sleep", "alice", "seconds=0.3")["task_id"]);
    host.wait_for_status("sleep", "alice", ids[0], "completed");
    host.wait_for_status("sleep", "alice", ids[1], "completed");
    // Two workers have each run a 0.3 s task: no batch of more than one task per free worker follows.
    auto stats = host.admin_get("/admin/stats").json();
    EXPECT_LE(stats["by_service"]["sleep"]["running"].get<int>(), 2) << stats.dump();
    EXPECT_GE(stats["by_service"]["sleep"]["queued"].get<int>(), 1) << stats.dump();
    for (const auto& id : ids) host.wait_for_status("sleep", "alice", id, "completed");
}

TEST(PrefetchTest, FastTasksDrainInBatchesAndAllComplete) {
    TestHost host([](config::Config& config, const std::filesystem::path&) { config.worker_count = 2; });
    std::vector<std::string> ids;
    for (int i = 0; i < 300; ++i) ids.push_back(host.submit("noop", "alice")["task_id"]);
    for (const auto& id : ids) {
        auto task = host.wait_for_status("noop", "alice", id, "completed");
        EXPECT_EQ(task["attempts"], 1) << task.dump();
    }
    auto counts = noop_counts(host);
    EXPECT_EQ(counts["completed"], 300) << counts.dump();
    EXPECT_EQ(counts["running"], 0) << counts.dump();
    EXPECT_EQ(counts["queued"], 0) << counts.dump();
    auto totals = host.admin_get("/admin/stats").json()["totals"];
    EXPECT_EQ(totals["dispatched"], 300) << totals.dump();
    EXPECT_EQ(totals["completed"], 300) << totals.dump();
}

}  // namespace
}  // namespace dms::test
