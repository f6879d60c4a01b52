// Contract cases: tasks submitted with a run_at ahead (Task::not_before) wait as scheduled, enter their queue when
// due, and can be cancelled, moved and counted meanwhile. Time moves through LeaseRequest::now, so no test sleeps.
#include <algorithm>

#include "stats_check.hpp"
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using task::Priority;
using task::Status;
using Ids = std::vector<std::string>;

constexpr std::string_view kQueuedLog = "Task queued";

// Submits one task of alice's to copy that may not start before `run_at`, and returns it as stored.
task::Task submit_scheduled(TaskStore& store, std::string task_id, task::Timestamp run_at,
                            Priority priority = Priority::low) {
    task::Task task;
    task.task_id = std::move(task_id);
    task.service = "copy";
    task.user_id = "alice";
    task.priority = priority;
    task.created_at = task::now();
    task.not_before = run_at;
    store.submit(std::span(&task, 1), kQueuedLog);
    return task;
}

TEST_P(TaskStoreContract, AScheduledTaskWaitsUntilItsTimeThenIsLeased) {
    const task::Timestamp t0 = task::now();
    task::Task submitted = submit_scheduled(store(), "later", t0 + hours(1));
    EXPECT_EQ(submitted.status, Status::scheduled) << "submit reports what it stored";
    task::Task waiting = must_get("later", 1);
    EXPECT_EQ(waiting.status, Status::scheduled);
    EXPECT_EQ(waiting.not_before, t0 + hours(1));
    EXPECT_EQ(waiting.attempts, 0);
    EXPECT_FALSE(waiting.started_at.has_value());
    EXPECT_EQ(waiting.logs.back().message, kQueuedLog);
    EXPECT_FALSE(store().queue_position("later").has_value());

    EXPECT_FALSE(lease_at(t0 + minutes(59)).has_value()) << "not before its time";
    EXPECT_EQ(must_get("later").status, Status::scheduled);

    task::Task leased = must_lease_at(t0 + hours(1));
    EXPECT_EQ(leased.task_id, "later");
    EXPECT_EQ(leased.status, Status::running);
    EXPECT_EQ(leased.attempts, 1);
    EXPECT_FALSE(leased.not_before.has_value());
    EXPECT_EQ(must_get("later").status, Status::running);
    expect_counts_match_tasks(store());
    EXPECT_EQ(store().stats().totals["dispatched"], 1);
}

// A scheduled task gets its fair key when due: it queues among the tasks submitted then, not at its submission.
TEST_P(TaskStoreContract, AScheduledTaskBlocksNothingBehindItAndJoinsItsQueueWhenDue) {
    const task::Timestamp t0 = task::now();
    submit_scheduled(store(), "scheduled", t0 + minutes(10));
    submit("queued-1");
    submit("queued-2");
    EXPECT_EQ(store().queue_position("queued-1"), 0) << "a task that is not due holds no place";
    EXPECT_EQ(lease_all_at(t0), (Ids{"queued-1", "queued-2"}));

    submit("queued-3");
    submit_scheduled(store(), "high", t0 + minutes(10), Priority::high);
    EXPECT_EQ(lease_all_at(t0 + minutes(10)), (Ids{"high", "queued-3", "scheduled"}));
}

TEST_P(TaskStoreContract, ABatchMixesScheduledAndQueuedTasks) {
    const task::Timestamp t0 = task::now();
    std::vector<task::Task> batch{make_task("now"), make_task("soon"), make_task("also-now")};
    batch[1].not_before = t0 + minutes(5);
    store().submit(batch, kQueuedLog);
    EXPECT_EQ(batch[0].status, Status::queued);
    EXPECT_EQ(batch[1].status, Status::scheduled);
    EXPECT_EQ(must_get("soon").status, Status::scheduled);
    EXPECT_EQ(store().queue_position("also-now"), 1);
    expect_counts_match_tasks(store());
    EXPECT_EQ(store().stats().by_status["scheduled"], 1);
    EXPECT_EQ(store().stats().totals["submitted"], 3);
}

TEST_P(TaskStoreContract, CancellingAScheduledTaskEndsItAtOnceAndItNeverRuns) {
    const task::Timestamp t0 = task::now();
    submit_scheduled(store(), "doomed", t0 + minutes(1));
    auto cancelled = store().request_cancel("doomed", "Cancelled by alice");
    ASSERT_EQ(cancelled.change, Change::applied);
    ASSERT_TRUE(cancelled.task.has_value());
    EXPECT_EQ(cancelled.task->status, Status::cancelled);
    EXPECT_TRUE(cancelled.task->finished_at.has_value());
    EXPECT_FALSE(lease_at(t0 + hours(1)).has_value());
    EXPECT_EQ(must_get("doomed").status, Status::cancelled);
    expect_counts_match_tasks(store());
}

TEST_P(TaskStoreContract, APriorityChangeWhileScheduledHoldsWhenItBecomesDue) {
    const task::Timestamp t0 = task::now();
    submit_scheduled(store(), "moved", t0 + minutes(1));
    submit("queued-mid", Priority::mid);
    ASSERT_EQ(store().set_priority("moved", Priority::high, "Priority set to high").change, Change::applied);
    EXPECT_EQ(must_get("moved").status, Status::scheduled);
    EXPECT_EQ(must_get("moved").not_before, t0 + minutes(1));
    EXPECT_EQ(lease_all_at(t0 + minutes(1)), (Ids{"moved", "queued-mid"}));
    expect_counts_match_tasks(store());
}

TEST_P(TaskStoreContract, AScheduledTaskSurvivesARestartWithItsTime) {
    const task::Timestamp t0 = task::now();
    submit_scheduled(store(), "durable", t0 + minutes(30));
    reopen();
    task::Task kept = must_get("durable");
    EXPECT_EQ(kept.status, Status::scheduled);
    EXPECT_EQ(kept.not_before, t0 + minutes(30));
    EXPECT_FALSE(lease_at(t0 + minutes(29)).has_value());
    EXPECT_EQ(must_lease_at(t0 + minutes(30)).task_id, "durable");
}

TEST_P(TaskStoreContract, ListingByStatusFindsScheduledTasks) {
    const task::Timestamp t0 = task::now();
    submit_scheduled(store(), "s1", t0 + minutes(1));
    submit("q1");
    submit_scheduled(store(), "s2", t0 + minutes(2));
    ListQuery query;
    query.status = Status::scheduled;
    Ids ids;
    for (const task::Task& task : store().list(query).tasks) ids.push_back(task.task_id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (Ids{"s1", "s2"}));
}

}  // namespace
}  // namespace dms::store::test
