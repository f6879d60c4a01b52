// Contract cases: taking back the tasks of hosts that died or stopped.
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using std::chrono::hours;
using task::Status;
using Ids = std::vector<std::string>;

TEST_P(TaskStoreContract, RequeueAbandonedTakesBackExpiredLeasesOnly) {
    submit("expired");
    submit("live");
    submit("waiting");
    auto expired = lease({"copy"}, "host-a", -std::chrono::seconds(1));
    auto live = lease({"copy"}, "host-a", hours(1));
    ASSERT_EQ(expired->task_id, "expired");
    ASSERT_EQ(live->task_id, "live");

    EXPECT_EQ(store().requeue_abandoned(task::now(), std::nullopt, "Lease expired"), Ids{"expired"});
    task::Task stored = must_get("expired", 1);
    EXPECT_EQ(stored.status, Status::queued);
    EXPECT_EQ(stored.seq, expired->seq);
    EXPECT_TRUE(stored.lease_owner.empty());
    EXPECT_EQ(stored.logs.back().message, "Lease expired (lease held by host-a)") << "the log names the lost host";
    EXPECT_EQ(store().queue_position("expired"), 0) << "back in its original place, before 'waiting'";
    EXPECT_EQ(must_get("live").status, Status::running);
    EXPECT_TRUE(store().requeue_abandoned(task::now(), std::nullopt, "Lease expired").empty());
}

TEST_P(TaskStoreContract, RequeueAbandonedByOwnerTakesEveryRunningTaskOfThatHost) {
    submit("a1");
    submit("b1");
    submit("a2");
    ASSERT_EQ(lease({"copy"}, "host-a", hours(1))->task_id, "a1");
    ASSERT_EQ(lease({"copy"}, "host-b", hours(1))->task_id, "b1");
    ASSERT_EQ(lease({"copy"}, "host-a", hours(1))->task_id, "a2");

    Ids requeued = store().requeue_abandoned(task::now(), "host-a", "Host restarted");
    std::sort(requeued.begin(), requeued.end());
    EXPECT_EQ(requeued, (Ids{"a1", "a2"}));
    EXPECT_EQ(must_get("a1").status, Status::queued);
    EXPECT_EQ(must_get("a2", 1).logs.back().message, "Host restarted (lease held by host-a)");
    EXPECT_EQ(must_get("b1").status, Status::running);
    EXPECT_EQ(lease_all(), (Ids{"a1", "a2"}));
}

TEST_P(TaskStoreContract, RequeueAbandonedCancelsTasksWithACancelRequest) {
    submit("t1");
    auto running = lease({"copy"}, "host-a", -std::chrono::seconds(1));
    ASSERT_EQ(store().request_cancel("t1", "Cancel requested").change, Change::applied);
    EXPECT_EQ(store().requeue_abandoned(task::now(), std::nullopt, "Lease expired"), Ids{"t1"});
    EXPECT_EQ(must_get("t1").status, Status::cancelled);
    EXPECT_TRUE(must_get("t1").finished_at.has_value());
    EXPECT_FALSE(lease().has_value());
}

TEST_P(TaskStoreContract, ARenewedLeaseIsNotAbandoned) {
    submit("t1");
    auto running = lease({"copy"}, "host-a", std::chrono::milliseconds(1));
    ASSERT_TRUE(store().renew_lease(fence_of(*running), task::now() + hours(1)));
    EXPECT_TRUE(store().requeue_abandoned(task::now() + std::chrono::minutes(1), std::nullopt, "x").empty());
    EXPECT_EQ(must_get("t1").status, Status::running);
}

TEST_P(TaskStoreContract, ARequeuedAttemptsOldHostIsFencedOff) {
    submit("t1");
    auto old_attempt = lease({"copy"}, "host-a", -std::chrono::seconds(1));
    ASSERT_EQ(store().requeue_abandoned(task::now(), std::nullopt, "Lease expired"), Ids{"t1"});
    EXPECT_FALSE(store().renew_lease(fence_of(*old_attempt), task::now() + hours(1)));
    auto new_attempt = lease({"copy"}, "host-b");
    ASSERT_EQ(new_attempt->attempts, 2);
    EXPECT_EQ(store().finish(fence_of(*old_attempt), task::Event::succeed, nullptr, "x").change, Change::stale);
    EXPECT_EQ(must_get("t1").lease_owner, "host-b");
}

TEST_P(TaskStoreContract, CancelRequestsAmongRunningTasksAreSeenByTheHostRunningThem) {
    submit("asked");
    submit("running");
    submit("queued");
    ASSERT_EQ(lease({"copy"}, "host-a", hours(1))->task_id, "asked");
    ASSERT_EQ(lease({"copy"}, "host-a", hours(1))->task_id, "running");
    // Another host's cancel: only the store records it.
    ASSERT_EQ(store().request_cancel("asked", "Cancel requested").change, Change::applied);
    ASSERT_EQ(store().request_cancel("queued", "Cancel requested").change, Change::applied);

    Ids ids{"asked", "running", "queued", "no-such-task"};
    EXPECT_EQ(store().cancel_requested_among(ids), Ids{"asked"}) << "a cancelled queued task has nothing to stop";
    EXPECT_TRUE(store().cancel_requested_among({}).empty());
}

}  // namespace
}  // namespace dms::store::test
