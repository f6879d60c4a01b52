// Contract cases: submitting, reading, leasing and queue positions.
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Priority;
using task::Status;
using Ids = std::vector<std::string>;

TEST_P(TaskStoreContract, SubmitAssignsIncreasingSeqAndAFirstLogLine) {
    std::vector<task::Task> batch{make_task("t1"), make_task("t2", "copy", "bob", Priority::high), make_task("t3")};
    store().submit(batch, kQueuedLog);
    task::Task later = submit("t4");

    EXPECT_GT(batch[0].seq, 0);
    EXPECT_LT(batch[0].seq, batch[1].seq);
    EXPECT_LT(batch[1].seq, batch[2].seq);
    EXPECT_LT(batch[2].seq, later.seq);

    task::Task stored = must_get("t2", 10);
    EXPECT_EQ(stored.seq, batch[1].seq);
    EXPECT_EQ(stored.service, "copy");
    EXPECT_EQ(stored.user_id, "bob");
    EXPECT_EQ(stored.priority, Priority::high);
    EXPECT_EQ(stored.status, Status::queued);
    EXPECT_EQ(stored.parameters, batch[1].parameters);
    EXPECT_EQ(stored.created_at, batch[1].created_at);
    EXPECT_EQ(stored.attempts, 0);
    EXPECT_FALSE(stored.cancel_requested);
    EXPECT_FALSE(stored.started_at.has_value());
    EXPECT_FALSE(stored.finished_at.has_value());
    ASSERT_EQ(stored.logs.size(), 1u);
    EXPECT_EQ(stored.logs[0].message, kQueuedLog);
    EXPECT_EQ(stored.log_count, 1);
}

TEST_P(TaskStoreContract, ATaskThatBringsItsOwnFirstLogLineKeepsIt) {
    std::vector<task::Task> batch{make_task("own"), make_task("plain")};
    batch[0].logs = {{task::now(), "Task queued (request r-1)"}};
    store().submit(batch, kQueuedLog);
    EXPECT_EQ(batch[0].logs.at(0).message, "Task queued (request r-1)");
    EXPECT_EQ(must_get("own", 10).logs.at(0).message, "Task queued (request r-1)");
    EXPECT_EQ(must_get("plain", 10).logs.at(0).message, kQueuedLog);
    EXPECT_EQ(must_get("own", 10).log_count, 1);
}

TEST_P(TaskStoreContract, UnknownTasksAreNotFoundWithoutErrors) {
    submit("known");
    EXPECT_FALSE(store().get("unknown", 5).has_value());
    EXPECT_FALSE(store().queue_position("unknown").has_value());
    EXPECT_FALSE(store().remove("unknown"));
    EXPECT_EQ(store().request_cancel("unknown", "x").change, Change::not_found);
    EXPECT_EQ(store().set_priority("unknown", Priority::high, "x").change, Change::not_found);
    EXPECT_EQ(store().finish({"unknown", 1}, task::Event::succeed, nullptr, "x").change, Change::not_found);
    EXPECT_FALSE(store().append_log({"unknown", 1}, "x"));
}

TEST_P(TaskStoreContract, LeaseTakesHighThenMidThenLowAndFifoWithinAPriority) {
    submit("low-1", Priority::low);
    submit("mid-1", Priority::mid);
    submit("high-1", Priority::high);
    submit("low-2", Priority::low);
    submit("high-2", Priority::high);
    submit("mid-2", Priority::mid);
    EXPECT_EQ(lease_all(), (Ids{"high-1", "high-2", "mid-1", "mid-2", "low-1", "low-2"}));
}

TEST_P(TaskStoreContract, LeaseTakesOnlyFromTheRequestedServices) {
    submit("copy-high", Priority::high, "copy");
    submit("scan-low", Priority::low, "scan");
    submit("hash-mid", Priority::mid, "hash");
    EXPECT_FALSE(lease({"nothing-here"}).has_value());
    EXPECT_EQ(lease_all({"scan"}), (Ids{"scan-low"}));
    EXPECT_EQ(lease_all({"scan", "hash", "copy"}), (Ids{"copy-high", "hash-mid"}));
}

TEST_P(TaskStoreContract, LeaseWithNoServicesTakesNothing) {
    submit("t1", Priority::high);
    EXPECT_FALSE(lease({}).has_value());
    EXPECT_EQ(must_get("t1").status, Status::queued);
}

TEST_P(TaskStoreContract, LeaseStartsAnAttemptAndRecordsTheLease) {
    submit("t1");
    auto until = task::now() + std::chrono::minutes(3);
    auto leased = store().lease_next({"host-7", until, {"copy"}, {}}, kStartedLog);
    ASSERT_TRUE(leased.has_value());
    EXPECT_EQ(leased->task_id, "t1");
    EXPECT_EQ(leased->status, Status::running);
    EXPECT_EQ(leased->attempts, 1);
    EXPECT_EQ(leased->lease_owner, "host-7");
    EXPECT_EQ(leased->lease_expires_at, until);

    task::Task stored = must_get("t1", 5);
    EXPECT_EQ(stored.status, Status::running);
    EXPECT_EQ(stored.attempts, 1);
    EXPECT_EQ(stored.lease_owner, "host-7");
    EXPECT_EQ(stored.lease_expires_at, until);
    EXPECT_TRUE(stored.started_at.has_value());
    ASSERT_EQ(stored.log_count, 2);
    EXPECT_EQ(stored.logs.back().message, kStartedLog);
    EXPECT_FALSE(lease().has_value()) << "a running task is not leased twice";
}

TEST_P(TaskStoreContract, QueuePositionCountsAcrossPrioritiesAndFollowsChanges) {
    submit("low-1", Priority::low);
    submit("low-2", Priority::low);
    submit("high-1", Priority::high);
    submit("mid-1", Priority::mid);
    EXPECT_EQ(store().queue_position("high-1"), 0);
    EXPECT_EQ(store().queue_position("mid-1"), 1);
    EXPECT_EQ(store().queue_position("low-1"), 2);
    EXPECT_EQ(store().queue_position("low-2"), 3);

    ASSERT_EQ(lease()->task_id, "high-1");
    EXPECT_FALSE(store().queue_position("high-1").has_value()) << "running tasks have no position";
    EXPECT_EQ(store().queue_position("mid-1"), 0);
    EXPECT_EQ(store().queue_position("low-2"), 2);

    ASSERT_EQ(store().request_cancel("low-1", "Cancelled").change, Change::applied);
    EXPECT_FALSE(store().queue_position("low-1").has_value());
    EXPECT_EQ(store().queue_position("low-2"), 1);

    ASSERT_EQ(store().set_priority("low-2", Priority::high, "Priority high").change, Change::applied);
    EXPECT_EQ(store().queue_position("low-2"), 0);
    EXPECT_EQ(store().queue_position("mid-1"), 1);
}

// A move is a fresh place in the new priority (a new fair key), as if submitted there now.
TEST_P(TaskStoreContract, SetPriorityJoinsTheNewQueueAsIfSubmittedNow) {
    submit("high-before", Priority::high);
    submit("moved", Priority::low);
    submit("high-after", Priority::high);
    auto moved = store().set_priority("moved", Priority::high, "Priority changed to high");
    ASSERT_EQ(moved.change, Change::applied);
    ASSERT_TRUE(moved.task.has_value());
    EXPECT_EQ(moved.task->priority, Priority::high);
    EXPECT_EQ(store().queue_position("moved"), 2);
    EXPECT_EQ(must_get("moved", 1).logs.back().message, "Priority changed to high");
    EXPECT_EQ(lease_all(), (Ids{"high-before", "high-after", "moved"}));
}

TEST_P(TaskStoreContract, SetPriorityAppliesToRunningTasksButNotToFinalOnes) {
    submit("running");
    submit("done");
    ASSERT_EQ(lease()->task_id, "running");
    auto done = lease();
    ASSERT_EQ(store().finish(fence_of(*done), task::Event::succeed, nullptr, "Done").change, Change::applied);

    auto running = store().set_priority("running", Priority::high, "up");
    EXPECT_EQ(running.change, Change::applied);
    EXPECT_EQ(must_get("running").priority, Priority::high);
    EXPECT_EQ(must_get("running").status, Status::running);

    auto final_task = store().set_priority("done", Priority::high, "up");
    EXPECT_EQ(final_task.change, Change::illegal);
    ASSERT_TRUE(final_task.task.has_value());
    EXPECT_EQ(final_task.task->priority, Priority::low);
    EXPECT_EQ(must_get("done").priority, Priority::low);
    EXPECT_EQ(must_get("done").log_count, 3) << "nothing logged for an illegal change";
}

}  // namespace
}  // namespace dms::store::test
