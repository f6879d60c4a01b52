// Contract cases: ending attempts, fencing, cancelling and removing.
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Event;
using task::Priority;
using task::Status;

TEST_P(TaskStoreContract, SucceedStoresTheResultAndEndsTheTask) {
    submit("t1");
    task::Task running = *lease();
    nlohmann::json result = {{"copied", 12}};
    auto finished = store().finish(fence_of(running), Event::succeed, result, "Task completed");
    ASSERT_EQ(finished.change, Change::applied);
    ASSERT_TRUE(finished.task.has_value());
    EXPECT_EQ(finished.task->status, Status::completed);

    task::Task stored = must_get("t1", 1);
    EXPECT_EQ(stored.status, Status::completed);
    EXPECT_EQ(stored.result, result);
    EXPECT_TRUE(stored.finished_at.has_value());
    EXPECT_TRUE(stored.lease_owner.empty());
    EXPECT_FALSE(stored.lease_expires_at.has_value());
    EXPECT_EQ(stored.logs.back().message, "Task completed");
}

TEST_P(TaskStoreContract, FailAndCancelEndTheTaskAndANullResultKeepsTheStoredOne) {
    submit("fails");
    submit("cancels");
    task::Task first = *lease();
    task::Task second = *lease();
    ASSERT_EQ(store().finish(fence_of(first), Event::fail, {{"error", "disk"}}, "Task failed").change, Change::applied);
    ASSERT_EQ(store().finish(fence_of(second), Event::cancel, nullptr, "Task cancelled").change, Change::applied);
    EXPECT_EQ(must_get("fails").status, Status::failed);
    EXPECT_EQ(must_get("fails").result, (nlohmann::json{{"error", "disk"}}));
    EXPECT_EQ(must_get("cancels").status, Status::cancelled);
    EXPECT_EQ(must_get("cancels").result, nlohmann::json::object());
    EXPECT_TRUE(must_get("cancels").finished_at.has_value());
}

TEST_P(TaskStoreContract, RequeuePutsTheTaskBackInItsOriginalPlace) {
    submit("first");
    submit("second");
    task::Task running = *lease();
    ASSERT_EQ(running.task_id, "first");
    auto requeued = store().finish(fence_of(running), Event::requeue, nullptr, "Task requeued");
    ASSERT_EQ(requeued.change, Change::applied);

    task::Task stored = must_get("first", 1);
    EXPECT_EQ(stored.status, Status::queued);
    EXPECT_EQ(stored.seq, running.seq);
    EXPECT_EQ(stored.attempts, 1);
    EXPECT_TRUE(stored.lease_owner.empty());
    EXPECT_FALSE(stored.finished_at.has_value());
    EXPECT_EQ(stored.logs.back().message, "Task requeued");
    EXPECT_EQ(store().queue_position("first"), 0);

    auto again = lease();
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->task_id, "first");
    EXPECT_EQ(again->attempts, 2);
}

TEST_P(TaskStoreContract, AnIllegalEventChangesNothing) {
    submit("t1");
    task::Task running = *lease();
    auto result = store().finish(fence_of(running), Event::lease, {{"x", 1}}, "never logged");
    EXPECT_EQ(result.change, Change::illegal);
    ASSERT_TRUE(result.task.has_value());
    EXPECT_EQ(result.task->status, Status::running);
    task::Task stored = must_get("t1");
    EXPECT_EQ(stored.status, Status::running);
    EXPECT_EQ(stored.result, nlohmann::json::object());
    EXPECT_EQ(stored.log_count, 2);
}

TEST_P(TaskStoreContract, AFinishedAttemptCannotFinishAgain) {
    submit("t1");
    task::Task running = *lease();
    ASSERT_EQ(store().finish(fence_of(running), Event::succeed, nullptr, "done").change, Change::applied);
    EXPECT_EQ(store().finish(fence_of(running), Event::fail, nullptr, "again").change, Change::stale);
    EXPECT_EQ(must_get("t1").status, Status::completed);
    EXPECT_EQ(must_get("t1").log_count, 3);
}

TEST_P(TaskStoreContract, AStaleAttemptIsFencedOffAfterRequeueAndRelease) {
    submit("t1");
    task::Task old_attempt = *lease();
    ASSERT_EQ(store().finish(fence_of(old_attempt), Event::requeue, nullptr, "requeued").change, Change::applied);
    // Between requeue and the next lease the old attempt is already over.
    EXPECT_FALSE(store().append_log(fence_of(old_attempt), "late"));
    EXPECT_EQ(store().finish(fence_of(old_attempt), Event::cancel, nullptr, "late").change, Change::stale);
    EXPECT_EQ(must_get("t1").status, Status::queued);

    task::Task new_attempt = *lease();
    ASSERT_EQ(new_attempt.attempts, 2);
    std::int64_t logs_before = must_get("t1").log_count;
    Fence stale = fence_of(old_attempt);
    EXPECT_FALSE(store().append_log(stale, "from the old host"));
    EXPECT_FALSE(store().update_progress(stale, {1, 2, "files", "old"}));
    EXPECT_FALSE(store().save_checkpoint(stale, "old-cursor"));
    EXPECT_FALSE(store().renew_lease(stale, task::now() + std::chrono::hours(1)));
    EXPECT_EQ(store().finish(stale, Event::succeed, {{"old", true}}, "old done").change, Change::stale);

    task::Task stored = must_get("t1");
    EXPECT_EQ(stored.status, Status::running);
    EXPECT_EQ(stored.log_count, logs_before);
    EXPECT_EQ(stored.progress, task::Progress{});
    EXPECT_EQ(stored.checkpoint, "");
    EXPECT_EQ(stored.lease_expires_at, new_attempt.lease_expires_at);

    EXPECT_TRUE(store().append_log(fence_of(new_attempt), "from the new host"));
    EXPECT_EQ(store().finish(fence_of(new_attempt), Event::succeed, nullptr, "done").change, Change::applied);
}

TEST_P(TaskStoreContract, FencedWritesNeedARunningAttempt) {
    submit("queued");
    EXPECT_FALSE(store().append_log({"queued", 0}, "x"));
    EXPECT_FALSE(store().save_checkpoint({"queued", 0}, "x"));
    EXPECT_EQ(store().finish({"queued", 0}, Event::succeed, nullptr, "x").change, Change::stale);
    EXPECT_EQ(must_get("queued").status, Status::queued);
}

TEST_P(TaskStoreContract, CheckpointProgressAndLeaseRenewalAreSaved) {
    submit("t1");
    task::Task running = *lease();
    task::Progress progress{5, 10, "files", "copying"};
    EXPECT_TRUE(store().update_progress(fence_of(running), progress));
    EXPECT_TRUE(store().save_checkpoint(fence_of(running), "cursor-42"));
    auto until = task::now() + std::chrono::hours(2);
    EXPECT_TRUE(store().renew_lease(fence_of(running), until));
    EXPECT_TRUE(store().append_log(fence_of(running), "halfway"));

    task::Task stored = must_get("t1", 1);
    EXPECT_EQ(stored.progress, progress);
    EXPECT_EQ(stored.checkpoint, "cursor-42");
    EXPECT_EQ(stored.lease_expires_at, until);
    EXPECT_EQ(stored.logs.back().message, "halfway");

    // The resume cursor outlives the attempt, so the next one can continue from it.
    ASSERT_EQ(store().finish(fence_of(running), Event::requeue, nullptr, "requeued").change, Change::applied);
    EXPECT_EQ(lease()->checkpoint, "cursor-42");
}

TEST_P(TaskStoreContract, CancellingAQueuedTaskCancelsItAtOnce) {
    submit("t1");
    auto cancelled = store().request_cancel("t1", "Cancelled by user");
    ASSERT_EQ(cancelled.change, Change::applied);
    EXPECT_EQ(cancelled.task->status, Status::cancelled);
    task::Task stored = must_get("t1", 1);
    EXPECT_EQ(stored.status, Status::cancelled);
    EXPECT_TRUE(stored.finished_at.has_value());
    EXPECT_EQ(stored.logs.back().message, "Cancelled by user");
    EXPECT_FALSE(lease().has_value());
}

TEST_P(TaskStoreContract, CancellingARunningTaskAsksItsWorkerToStop) {
    submit("t1");
    task::Task running = *lease();
    auto requested = store().request_cancel("t1", "Cancel requested");
    ASSERT_EQ(requested.change, Change::applied);
    EXPECT_EQ(requested.task->status, Status::running);
    EXPECT_TRUE(requested.task->cancel_requested);
    EXPECT_EQ(must_get("t1").status, Status::running);
    EXPECT_TRUE(must_get("t1").cancel_requested);
    EXPECT_TRUE(store().append_log(fence_of(running), "stopping")) << "the attempt stays current";
    ASSERT_EQ(store().finish(fence_of(running), Event::cancel, nullptr, "Task cancelled").change, Change::applied);
    EXPECT_EQ(must_get("t1").status, Status::cancelled);
}

TEST_P(TaskStoreContract, CancellingAFinalTaskIsIllegalAndChangesNothing) {
    submit("t1");
    task::Task running = *lease();
    ASSERT_EQ(store().finish(fence_of(running), Event::succeed, nullptr, "done").change, Change::applied);
    auto refused = store().request_cancel("t1", "too late");
    EXPECT_EQ(refused.change, Change::illegal);
    ASSERT_TRUE(refused.task.has_value());
    EXPECT_EQ(refused.task->status, Status::completed);
    EXPECT_FALSE(must_get("t1").cancel_requested);
    EXPECT_EQ(must_get("t1").log_count, 3);
}

TEST_P(TaskStoreContract, RequeueingATaskWithACancelRequestCancelsIt) {
    submit("t1");
    task::Task running = *lease();
    ASSERT_EQ(store().request_cancel("t1", "Cancel requested").change, Change::applied);
    auto result = store().finish(fence_of(running), Event::requeue, nullptr, "Host stopping");
    ASSERT_EQ(result.change, Change::applied);
    EXPECT_EQ(result.task->status, Status::cancelled);
    EXPECT_EQ(must_get("t1").status, Status::cancelled);
    EXPECT_FALSE(lease().has_value());
}

TEST_P(TaskStoreContract, RemoveDeletesTheTaskAndItsLogs) {
    submit("gone");
    submit("kept");
    EXPECT_TRUE(store().remove("gone"));
    EXPECT_FALSE(store().get("gone", 10).has_value());
    EXPECT_FALSE(store().remove("gone"));
    EXPECT_EQ(store().list({}).tasks.size(), 1u);
    EXPECT_EQ(store().stats().by_status.at("queued"), 1);
    // A new task with the same id starts with a log of its own, not the removed one's.
    submit("gone");
    EXPECT_EQ(must_get("gone").log_count, 1);
}

}  // namespace
}  // namespace dms::store::test
