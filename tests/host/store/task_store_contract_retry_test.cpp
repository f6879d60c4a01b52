// Contract cases: retries with a delay, the failures they count, and cancelling or moving a retrying task. Time moves
// through LeaseRequest::now, so no test sleeps.
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using task::Event;
using task::Priority;
using task::Status;
using Ids = std::vector<std::string>;

TEST_P(TaskStoreContract, SubmitStoresTheRetryBudgetAndTheTimeout) {
    std::vector<task::Task> batch{make_task("limited"), make_task("plain")};
    batch[0].max_retries = 3;
    batch[0].timeout_seconds = 2.5;
    store().submit(batch, kQueuedLog);
    task::Task limited = must_get("limited");
    EXPECT_EQ(limited.max_retries, 3);
    EXPECT_EQ(limited.timeout_seconds, 2.5);
    EXPECT_EQ(limited.failures, 0);
    EXPECT_FALSE(limited.not_before.has_value());
    EXPECT_FALSE(limited.attempt_started_at.has_value());
    EXPECT_TRUE(limited.attempt_history.empty());
    EXPECT_EQ(must_get("plain").max_retries, 0);
    EXPECT_FALSE(must_get("plain").timeout_seconds.has_value());
}

TEST_P(TaskStoreContract, ARetryWaitsUntilItsTimeThenIsLeasedAgain) {
    const task::Timestamp t0 = task::now();
    submit("t1");
    task::Task first = must_lease_at(t0);
    ASSERT_TRUE(first.attempt_started_at.has_value());
    EXPECT_EQ(must_get("t1").attempt_started_at, first.attempt_started_at);

    auto retried = retry(first, t0 + hours(1));
    ASSERT_EQ(retried.change, Change::applied);
    ASSERT_TRUE(retried.task.has_value());
    EXPECT_EQ(retried.task->status, Status::retrying);
    task::Task waiting = must_get("t1", 1);
    EXPECT_EQ(waiting.status, Status::retrying);
    EXPECT_EQ(waiting.not_before, t0 + hours(1));
    EXPECT_EQ(waiting.failures, 1);
    EXPECT_EQ(waiting.result, (nlohmann::json{{"error", "disk full"}}));
    EXPECT_TRUE(waiting.lease_owner.empty());
    EXPECT_FALSE(waiting.lease_expires_at.has_value());
    EXPECT_FALSE(waiting.attempt_started_at.has_value());
    EXPECT_FALSE(waiting.finished_at.has_value()) << "retrying is not an ending";
    EXPECT_EQ(waiting.logs.back().message, kRetryLog);
    EXPECT_FALSE(store().queue_position("t1").has_value());

    EXPECT_FALSE(lease_at(t0 + minutes(59)).has_value()) << "not before its time";
    EXPECT_TRUE(store().lease_batch(lease_request_at(t0 + minutes(59)), 5, kStartedLog).empty());
    EXPECT_EQ(must_get("t1").status, Status::retrying);

    auto second = lease_at(t0 + hours(1));
    ASSERT_TRUE(second.has_value()) << "due at its very time";
    EXPECT_EQ(second->task_id, "t1");
    EXPECT_EQ(second->attempts, 2);
    EXPECT_EQ(second->status, Status::running);
    EXPECT_FALSE(second->not_before.has_value());
    ASSERT_TRUE(second->attempt_started_at.has_value());
    EXPECT_GE(*second->attempt_started_at, *first.attempt_started_at);
    task::Task stored = must_get("t1");
    EXPECT_EQ(stored.status, Status::running);
    EXPECT_FALSE(stored.not_before.has_value());
    EXPECT_EQ(stored.failures, 1);
    EXPECT_EQ(stored.started_at, first.started_at) << "started_at belongs to the first attempt";
}

TEST_P(TaskStoreContract, ADueRetryingTaskIsTakenInPriorityAndSeqOrder) {
    const task::Timestamp t0 = task::now();
    submit("retried", Priority::low);
    task::Task running = must_lease_at(t0);
    submit("low-after", Priority::low);
    submit("mid-after", Priority::mid);
    submit("high-after", Priority::high);
    ASSERT_EQ(retry(running, t0 + minutes(1)).change, Change::applied);

    auto batch = store().lease_batch(lease_request_at(t0 + minutes(2)), 10, kStartedLog);
    EXPECT_EQ(leased_ids(batch), (Ids{"high-after", "mid-after", "retried", "low-after"}));
}

TEST_P(TaskStoreContract, ANotDueRetryingTaskDoesNotBlockTheTasksBehindIt) {
    const task::Timestamp t0 = task::now();
    submit("waiting", Priority::high);
    task::Task running = must_lease_at(t0);
    submit("behind", Priority::high);
    submit("low", Priority::low);
    ASSERT_EQ(retry(running, t0 + hours(1)).change, Change::applied);

    EXPECT_EQ(leased_ids(store().lease_batch(lease_request_at(t0), 1, kStartedLog)), Ids{"behind"});
    EXPECT_EQ(lease_all_at(t0 + minutes(30)), Ids{"low"});
    EXPECT_EQ(must_get("waiting").status, Status::retrying);
    EXPECT_EQ(lease_all_at(t0 + hours(2)), Ids{"waiting"});
}

TEST_P(TaskStoreContract, FailAndRetryCountFailuresAndOtherEndingsDoNot) {
    const task::Timestamp t0 = task::now();
    submit("failing");
    submit("ok");
    task::Task attempt = must_lease_at(t0);
    ASSERT_EQ(attempt.task_id, "failing");
    ASSERT_EQ(retry(attempt, t0 + minutes(1)).change, Change::applied);
    EXPECT_EQ(must_get("failing").failures, 1);
    attempt = must_lease_at(t0 + minutes(1));
    ASSERT_EQ(attempt.task_id, "failing");
    ASSERT_EQ(retry(attempt, t0 + minutes(2)).change, Change::applied);
    EXPECT_EQ(must_get("failing").failures, 2);
    attempt = must_lease_at(t0 + minutes(2));
    ASSERT_EQ(attempt.task_id, "failing");
    ASSERT_EQ(store().finish(fence_of(attempt), Event::fail, {{"error", "gave up"}}, "Task failed").change,
              Change::applied);
    task::Task failed = must_get("failing");
    EXPECT_EQ(failed.status, Status::failed);
    EXPECT_EQ(failed.failures, 3);
    EXPECT_EQ(failed.attempts, 3);

    attempt = must_lease_at(t0 + minutes(3));
    ASSERT_EQ(attempt.task_id, "ok");
    ASSERT_EQ(store().finish(fence_of(attempt), Event::requeue, nullptr, "Host stopping").change, Change::applied);
    attempt = must_lease_at(t0 + minutes(3));
    ASSERT_EQ(store().finish(fence_of(attempt), Event::succeed, nullptr, "Task completed").change, Change::applied);
    EXPECT_EQ(must_get("ok").failures, 0);
}

TEST_P(TaskStoreContract, ARetryOfATaskWithACancelRequestCancelsIt) {
    const task::Timestamp t0 = task::now();
    submit("t1");
    task::Task running = must_lease_at(t0);
    ASSERT_EQ(store().request_cancel("t1", "Cancel requested").change, Change::applied);
    std::int64_t logs_before = must_get("t1").log_count;

    auto result = retry(running, t0 + minutes(1));
    ASSERT_EQ(result.change, Change::applied);
    ASSERT_TRUE(result.task.has_value());
    EXPECT_EQ(result.task->status, Status::cancelled);
    task::Task stored = must_get("t1", 2);
    EXPECT_EQ(stored.status, Status::cancelled);
    EXPECT_TRUE(stored.finished_at.has_value());
    EXPECT_EQ(stored.log_count, logs_before + 2) << "the caller's line, then one saying it was cancelled instead";
    EXPECT_EQ(stored.logs.front().message, kRetryLog);
    EXPECT_EQ(stored.failures, 1) << "the attempt did fail";
    ASSERT_EQ(stored.attempt_history.size(), 1u);
    EXPECT_EQ(stored.attempt_history[0].outcome, "failed");
    EXPECT_FALSE(lease_at(t0 + hours(1)).has_value());
    EXPECT_EQ(store().stats().by_status.at("retrying"), 0);
    EXPECT_EQ(store().stats().totals.at("retried"), 0);
}

TEST_P(TaskStoreContract, CancellingARetryingTaskCancelsItAtOnce) {
    const task::Timestamp t0 = task::now();
    submit("waiting", Priority::low);
    submit("due", Priority::low);
    task::Task waiting = must_lease_at(t0);
    task::Task due = must_lease_at(t0);
    submit("high", Priority::high);
    ASSERT_EQ(retry(waiting, t0 + hours(1)).change, Change::applied);
    ASSERT_EQ(retry(due, t0 + minutes(1)).change, Change::applied);
    // A lease at t0 + 2 min sees "due" (now due) but takes "high" first.
    ASSERT_EQ(must_lease_at(t0 + minutes(2)).task_id, "high");

    for (const char* id : {"waiting", "due"}) {
        auto cancelled = store().request_cancel(id, "Cancelled by user");
        ASSERT_EQ(cancelled.change, Change::applied) << id;
        ASSERT_TRUE(cancelled.task.has_value());
        EXPECT_EQ(cancelled.task->status, Status::cancelled) << id;
        task::Task stored = must_get(id, 1);
        EXPECT_EQ(stored.status, Status::cancelled) << id;
        EXPECT_TRUE(stored.finished_at.has_value()) << id;
        EXPECT_EQ(stored.logs.back().message, "Cancelled by user") << id;
    }
    EXPECT_FALSE(lease_at(t0 + hours(2)).has_value());
    Stats stats = store().stats();
    EXPECT_EQ(stats.by_status.at("retrying"), 0);
    EXPECT_EQ(stats.by_status.at("cancelled"), 2);
    EXPECT_EQ(stats.totals.at("cancelled"), 2);
}

TEST_P(TaskStoreContract, SetPriorityOfARetryingTaskHoldsWhenItIsDue) {
    const task::Timestamp t0 = task::now();
    submit("retried", Priority::low);
    task::Task running = must_lease_at(t0);
    submit("high-after", Priority::high);
    submit("mid-after", Priority::mid);
    ASSERT_EQ(retry(running, t0 + minutes(1)).change, Change::applied);

    auto moved = store().set_priority("retried", Priority::high, "Priority high");
    ASSERT_EQ(moved.change, Change::applied);
    ASSERT_TRUE(moved.task.has_value());
    EXPECT_EQ(moved.task->priority, Priority::high);
    EXPECT_EQ(moved.task->status, Status::retrying);
    EXPECT_EQ(must_get("retried").not_before, t0 + minutes(1));
    EXPECT_EQ(lease_all_at(t0 + minutes(2)), (Ids{"high-after", "retried", "mid-after"}))
        << "high now, placed as if submitted when moved";
}

TEST_P(TaskStoreContract, SetPriorityOfADueRetryingTaskMovesItInTheQueue) {
    const task::Timestamp t0 = task::now();
    submit("retried", Priority::low);
    task::Task running = must_lease_at(t0);
    submit("high", Priority::high);
    submit("mid-1", Priority::mid);
    submit("mid-2", Priority::mid);
    ASSERT_EQ(retry(running, t0 + minutes(1)).change, Change::applied);
    // This lease sees "retried" due, and takes "high" before it.
    ASSERT_EQ(must_lease_at(t0 + minutes(2)).task_id, "high");

    ASSERT_EQ(store().set_priority("retried", Priority::mid, "Priority mid").change, Change::applied);
    EXPECT_EQ(must_get("retried").status, Status::retrying);
    EXPECT_EQ(lease_all_at(t0 + minutes(3)), (Ids{"mid-1", "mid-2", "retried"})) << "placed as if submitted when moved";
}

}  // namespace
}  // namespace dms::store::test
