// Contract cases: retries as operators see them: resubmitting dead letters, stats, removal, and a restart.
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using task::Event;
using task::Priority;
using task::Status;
using Ids = std::vector<std::string>;

TEST_P(TaskStoreContract, ResubmitPutsAFailedTaskBackInItsPlaceWithAFreshBudget) {
    const task::Timestamp t0 = task::now();
    std::vector<task::Task> batch{make_task("dead"), make_task("later-1"), make_task("later-2")};
    batch[0].max_retries = 1;
    store().submit(batch, kQueuedLog);
    task::Task attempt = must_lease_at(t0);
    ASSERT_EQ(attempt.task_id, "dead");
    ASSERT_EQ(retry(attempt, t0 + minutes(1)).change, Change::applied);
    auto leased = store().lease_batch(lease_request_at(t0 + minutes(1)), 1, kStartedLog);
    ASSERT_EQ(leased_ids(leased), Ids{"dead"});
    attempt = leased.front();
    ASSERT_EQ(store().request_cancel("dead", "Cancel requested").change, Change::applied);
    ASSERT_EQ(store().finish(fence_of(attempt), Event::fail, {{"error", "gone"}}, "Task failed").change,
              Change::applied);
    task::Task failed = must_get("dead");
    ASSERT_EQ(failed.status, Status::failed);
    ASSERT_EQ(failed.failures, 2);
    ASSERT_TRUE(failed.cancel_requested);

    auto resubmitted = store().resubmit("dead", "Resubmitted by operator");
    ASSERT_EQ(resubmitted.change, Change::applied);
    ASSERT_TRUE(resubmitted.task.has_value());
    EXPECT_EQ(resubmitted.task->status, Status::queued);
    task::Task stored = must_get("dead", 1);
    EXPECT_EQ(stored.status, Status::queued);
    EXPECT_EQ(stored.seq, failed.seq);
    EXPECT_EQ(stored.failures, 0);
    EXPECT_EQ(stored.max_retries, 1);
    EXPECT_FALSE(stored.not_before.has_value());
    EXPECT_EQ(stored.result, nlohmann::json::object());
    EXPECT_FALSE(stored.cancel_requested);
    EXPECT_FALSE(stored.finished_at.has_value());
    EXPECT_EQ(stored.logs.back().message, "Resubmitted by operator");
    ASSERT_EQ(stored.attempt_history.size(), 2u) << "the history stays";
    EXPECT_EQ(store().queue_position("dead"), 0) << "its original place, before later-1";
    EXPECT_EQ(store().expire_finished(t0 + hours(1), 10), 0u) << "no longer finished, so never expired";

    Stats stats = store().stats();
    EXPECT_EQ(stats.by_status.at("failed"), 0);
    EXPECT_EQ(stats.by_status.at("queued"), 3);
    EXPECT_EQ(stats.queued_by_priority.at("low"), 3);
    EXPECT_EQ(stats.totals.at("failed"), 1) << "totals count events, and the failure happened";

    auto again = lease_at(t0 + minutes(2));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->task_id, "dead");
    EXPECT_EQ(again->attempts, 3);
    EXPECT_EQ(lease_all_at(t0 + minutes(2)), (Ids{"later-1", "later-2"}));
}

TEST_P(TaskStoreContract, ResubmitIsIllegalUnlessTheTaskFailed) {
    const task::Timestamp t0 = task::now();
    for (const char* id : {"completed", "cancelled", "retrying", "running", "queued"}) submit(id);
    task::Task completed = must_lease_at(t0);
    ASSERT_EQ(store().finish(fence_of(completed), Event::succeed, nullptr, "done").change, Change::applied);
    task::Task cancelled = must_lease_at(t0);
    ASSERT_EQ(store().finish(fence_of(cancelled), Event::cancel, nullptr, "cancelled").change, Change::applied);
    ASSERT_EQ(retry(must_lease_at(t0), t0 + hours(1)).change, Change::applied);
    ASSERT_EQ(must_lease_at(t0).task_id, "running");

    const std::pair<const char*, Status> cases[] = {{"completed", Status::completed},
                                                    {"cancelled", Status::cancelled},
                                                    {"retrying", Status::retrying},
                                                    {"running", Status::running},
                                                    {"queued", Status::queued}};
    for (const auto& [id, status] : cases) {
        std::int64_t logs_before = must_get(id).log_count;
        auto refused = store().resubmit(id, "Resubmitted by operator");
        EXPECT_EQ(refused.change, Change::illegal) << id;
        ASSERT_TRUE(refused.task.has_value()) << id;
        EXPECT_EQ(refused.task->status, status) << id;
        EXPECT_EQ(must_get(id).status, status) << id;
        EXPECT_EQ(must_get(id).log_count, logs_before) << id;
    }
    EXPECT_EQ(store().resubmit("missing", "x").change, Change::not_found);
}

TEST_P(TaskStoreContract, StatsCountRetryingTasksAndRetries) {
    const task::Timestamp t0 = task::now();
    EXPECT_EQ(store().stats().totals.count("retried"), 1u);
    EXPECT_EQ(store().stats().by_status.count("retrying"), 1u);
    submit("a", Priority::low);
    submit("b", Priority::low);
    submit("c", Priority::low, "scan");
    task::Task a = must_lease_at(t0);
    task::Task b = must_lease_at(t0);
    std::vector<FinishRequest> retries{{fence_of(a), Event::retry, {{"error", "x"}}, "retry a", t0 + hours(1), true},
                                       {fence_of(b), Event::retry, {{"error", "y"}}, "retry b", t0 + minutes(1), true}};
    auto results = store().finish_batch(retries);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].change, Change::applied);
    EXPECT_EQ(results[1].change, Change::applied);

    Stats stats = store().stats();
    EXPECT_EQ(stats.by_status.at("retrying"), 2);
    EXPECT_EQ(stats.by_status.at("running"), 0);
    EXPECT_EQ(stats.by_status.at("queued"), 1);
    EXPECT_EQ(stats.by_service.at("copy").at("retrying"), 2);
    EXPECT_EQ(stats.queued_by_priority.at("low"), 1) << "retrying tasks are not queued ones";
    EXPECT_EQ(stats.totals.at("retried"), 2);
    EXPECT_EQ(stats.totals.at("dispatched"), 2);
    EXPECT_EQ(stats.totals.at("failed"), 0) << "a retry is not a final failure";

    task::Task b_again = must_lease_at(t0 + minutes(2));
    ASSERT_EQ(b_again.task_id, "b");
    ASSERT_EQ(store().finish(fence_of(b_again), Event::fail, nullptr, "Task failed").change, Change::applied);
    ASSERT_EQ(store().request_cancel("a", "Cancelled").change, Change::applied);
    stats = store().stats();
    EXPECT_EQ(stats.by_status.at("retrying"), 0);
    EXPECT_EQ(stats.by_status.at("failed"), 1);
    EXPECT_EQ(stats.by_status.at("cancelled"), 1);
    EXPECT_EQ(stats.by_service.at("copy").at("retrying"), 0);
    EXPECT_EQ(stats.totals.at("retried"), 2);
    EXPECT_EQ(stats.totals.at("dispatched"), 3) << "the lease of a due retrying task is a dispatch";
    EXPECT_EQ(stats.totals.at("failed"), 1);
}

TEST_P(TaskStoreContract, RemoveDeletesARetryingTaskWithItsAttempts) {
    const task::Timestamp t0 = task::now();
    submit("t1");
    ASSERT_EQ(retry(must_lease_at(t0), t0 + minutes(1)).change, Change::applied);
    ASSERT_EQ(must_get("t1").attempt_history.size(), 1u);
    EXPECT_TRUE(store().remove("t1"));
    EXPECT_FALSE(store().get("t1", 0).has_value());
    EXPECT_FALSE(lease_at(t0 + hours(1)).has_value());
    EXPECT_EQ(store().stats().by_status.at("retrying"), 0);

    // A new task with the same id starts with no history of the removed one's.
    submit("t1");
    EXPECT_TRUE(must_get("t1").attempt_history.empty());
    EXPECT_EQ(must_lease_at(t0 + hours(1)).attempts, 1);
}

TEST_P(TaskStoreContract, RetryStateAndHistorySurviveAReopen) {
    const task::Timestamp t0 = task::now();
    std::vector<task::Task> batch{make_task("waiting"), make_task("dead"), make_task("queued")};
    batch[0].max_retries = 2;
    batch[0].timeout_seconds = 30;
    store().submit(batch, kQueuedLog);
    ASSERT_EQ(retry(must_lease_at(t0), t0 + hours(1)).change, Change::applied);
    task::Task dead = must_lease_at(t0);
    ASSERT_EQ(store().finish(fence_of(dead), Event::fail, {{"error", "gone"}}, "Task failed").change, Change::applied);
    Stats before = store().stats();

    reopen();
    task::Task waiting = must_get("waiting");
    EXPECT_EQ(waiting.status, Status::retrying);
    EXPECT_EQ(waiting.not_before, t0 + hours(1));
    EXPECT_EQ(waiting.failures, 1);
    EXPECT_EQ(waiting.max_retries, 2);
    EXPECT_EQ(waiting.timeout_seconds, 30.0);
    ASSERT_EQ(waiting.attempt_history.size(), 1u);
    EXPECT_EQ(waiting.attempt_history[0].error, "disk full");
    ASSERT_EQ(must_get("dead").attempt_history.size(), 1u);
    EXPECT_EQ(must_get("dead").attempt_history[0].outcome, "failed");
    Stats after = store().stats();
    EXPECT_EQ(after.by_status, before.by_status);
    EXPECT_EQ(after.totals, before.totals);

    EXPECT_EQ(lease_all_at(t0 + minutes(59)), Ids{"queued"}) << "still waiting for its time";
    EXPECT_EQ(lease_all_at(t0 + hours(1)), Ids{"waiting"});
    ASSERT_EQ(store().resubmit("dead", "Resubmitted").change, Change::applied);
    EXPECT_EQ(lease_all_at(t0 + hours(1)), Ids{"dead"});
}

}  // namespace
}  // namespace dms::store::test
