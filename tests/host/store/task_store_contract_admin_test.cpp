// Contract cases: stats, blocks, expiry and health.
#include <map>
#include <thread>

#include "stats_check.hpp"
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Event;
using task::Priority;
using task::Status;

TEST_P(TaskStoreContract, StatsOfAnEmptyStoreAreAllZero) {
    Stats stats = store().stats();
    EXPECT_EQ(stats.by_status.size(), std::size(task::kAllStatuses));
    for (const auto& [status, n] : stats.by_status) EXPECT_EQ(n, 0) << status;
    EXPECT_EQ(stats.queued_by_priority.size(), std::size(task::kAllPriorities));
    for (const char* total : {"submitted", "dispatched", "completed", "failed", "cancelled", "requeued"}) {
        EXPECT_EQ(stats.totals[total], 0) << total;
    }
}

TEST_P(TaskStoreContract, StatsStayExactThroughAMixOfOperations) {
    for (int i = 0; i < 12; ++i) {
        submit("t" + std::to_string(i), static_cast<Priority>(i % 3), i % 2 == 0 ? "copy" : "scan",
               i % 4 == 0 ? "alice" : "bob");
    }
    expect_counts_match_tasks(store());
    auto a = lease({"copy", "scan"});
    auto b = lease({"copy"});
    auto c = lease({"scan"});
    auto d = lease({"copy", "scan"});
    auto e = lease({"scan"});
    ASSERT_TRUE(a && b && c && d && e);
    expect_counts_match_tasks(store());
    ASSERT_EQ(store().finish(fence_of(*a), Event::succeed, nullptr, "ok").change, Change::applied);
    ASSERT_EQ(store().finish(fence_of(*b), Event::fail, nullptr, "bad").change, Change::applied);
    ASSERT_EQ(store().finish(fence_of(*c), Event::requeue, nullptr, "again").change, Change::applied);
    ASSERT_EQ(store().request_cancel(d->task_id, "stop").change, Change::applied);
    ASSERT_EQ(store().finish(fence_of(*d), Event::cancel, nullptr, "stopped").change, Change::applied);
    ASSERT_EQ(store().request_cancel("t11", "stop").change, Change::applied);  // queued: cancelled at once
    ASSERT_EQ(store().set_priority("t10", Priority::high, "up").change, Change::applied);
    ASSERT_EQ(store().set_priority(e->task_id, Priority::low, "down").change, Change::applied);
    ASSERT_EQ(store().finish(fence_of(*b), Event::succeed, nullptr, "stale").change, Change::stale);
    expect_counts_match_tasks(store());
    ASSERT_TRUE(store().remove("t9"));
    ASSERT_TRUE(store().remove(a->task_id));
    expect_counts_match_tasks(store());

    Stats stats = store().stats();
    EXPECT_EQ(stats.totals["submitted"], 12);
    EXPECT_EQ(stats.totals["dispatched"], 5);
    EXPECT_EQ(stats.totals["completed"], 1);
    EXPECT_EQ(stats.totals["failed"], 1);
    EXPECT_EQ(stats.totals["cancelled"], 2);
    EXPECT_EQ(stats.totals["requeued"], 1);
    ASSERT_TRUE(stats.last_updated.has_value());
    EXPECT_LE(*stats.last_updated, task::now());
}

TEST_P(TaskStoreContract, BlocksAreGlobalAndPerUser) {
    EXPECT_FALSE(store().blocks().global);
    EXPECT_TRUE(store().blocks().users.empty());
    store().set_global_block(true);
    store().set_user_block("zed", true);
    store().set_user_block("amy", true);
    store().set_user_block("amy", true);
    Blocks blocks = store().blocks();
    EXPECT_TRUE(blocks.global);
    EXPECT_EQ(blocks.users, (std::vector<std::string>{"amy", "zed"}));
    store().set_global_block(false);
    store().set_user_block("zed", false);
    store().set_user_block("never-blocked", false);
    blocks = store().blocks();
    EXPECT_FALSE(blocks.global);
    EXPECT_EQ(blocks.users, (std::vector<std::string>{"amy"}));
}

TEST_P(TaskStoreContract, SubmitLeavesOutTheTasksThatABlockRefuses) {
    store().set_user_block("zed", true);
    std::vector<task::Task> batch{make_task("a1", "copy", "alice"), make_task("z1", "copy", "zed"),
                                  make_task("a2", "copy", "alice")};
    auto refusals = store().submit(batch, "Task queued");
    EXPECT_EQ(refusals, (std::vector<SubmitRefusal>{SubmitRefusal::none, SubmitRefusal::user_blocked,
                                                    SubmitRefusal::none}));
    EXPECT_EQ(batch[1].seq, 0);
    EXPECT_FALSE(store().get("z1", 1).has_value());
    // The others of the batch are stored, one after the other, and queued in that order.
    EXPECT_EQ(batch[2].seq, batch[0].seq + 1);
    EXPECT_EQ(store().queue_position("a1"), 0);
    EXPECT_EQ(store().queue_position("a2"), 1);
    EXPECT_EQ(store().stats().totals["submitted"], 2);

    store().set_global_block(true);
    std::vector<task::Task> blocked{make_task("a3", "copy", "alice")};
    EXPECT_EQ(store().submit(blocked, "Task queued"), (std::vector<SubmitRefusal>{SubmitRefusal::all_blocked}));
    EXPECT_FALSE(store().get("a3", 1).has_value());
    store().set_global_block(false);
    EXPECT_EQ(store().submit(blocked, "Task queued"), (std::vector<SubmitRefusal>{SubmitRefusal::none}));
    EXPECT_TRUE(store().get("a3", 1).has_value());
}

TEST_P(TaskStoreContract, ExpireFinishedRemovesOnlyFinalTasksOlderThanTheCutoff) {
    for (const char* id : {"old-done", "old-failed", "old-cancelled", "queued", "running", "new-done"}) submit(id);
    auto finish_next = [&](Event event) {
        auto running = lease();
        ASSERT_EQ(store().finish(fence_of(*running), event, nullptr, "end").change, Change::applied);
    };
    finish_next(Event::succeed);
    finish_next(Event::fail);
    ASSERT_EQ(store().request_cancel("old-cancelled", "stop").change, Change::applied);
    ASSERT_EQ(store().set_priority("new-done", Priority::high, "first").change, Change::applied);
    ASSERT_EQ(store().set_priority("running", Priority::mid, "second").change, Change::applied);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    task::Timestamp cutoff = task::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    finish_next(Event::succeed);  // new-done
    ASSERT_EQ(lease()->task_id, "running");

    EXPECT_EQ(store().expire_finished(cutoff, 2), 2u) << "at most max_tasks";
    EXPECT_EQ(store().expire_finished(cutoff, 100), 1u);
    EXPECT_EQ(store().expire_finished(cutoff, 100), 0u);
    for (const char* gone : {"old-done", "old-failed", "old-cancelled"}) EXPECT_FALSE(store().get(gone, 0)) << gone;
    for (const char* kept : {"queued", "running", "new-done"}) EXPECT_TRUE(store().get(kept, 0)) << kept;
    EXPECT_EQ(store().expire_finished(task::now() + std::chrono::hours(1), 100), 1u) << "only new-done is final";
    expect_counts_match_tasks(store());
}

TEST_P(TaskStoreContract, AStoreThatAnswersIsHealthy) { EXPECT_TRUE(store().healthy()); }

}  // namespace
}  // namespace dms::store::test
