#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Event;
using task::Status;

// A batch of endings is applied as each would be alone: results in order, stale and illegal ones change
// nothing, and the others land together.
TEST_P(TaskStoreContract, FinishBatchEndsEachAttemptAsFinishWould) {
    for (const char* id : {"a", "b", "c", "d"}) submit(id);
    task::Task a = *lease();
    task::Task b = *lease();
    task::Task c = *lease();
    task::Task d = *lease();
    ASSERT_EQ(store().finish(fence_of(d), Event::succeed, nullptr, "Completed").change, Change::applied);

    std::vector<FinishRequest> requests = {
        {fence_of(a), Event::succeed, {{"ok", true}}, "Completed", std::nullopt, true},
        {fence_of(b), Event::fail, {{"error", "boom"}}, "Failed: boom", std::nullopt, true},
        {Fence{c.task_id, c.attempts + 1}, Event::succeed, nullptr, "from a later attempt", std::nullopt, true},
        {fence_of(d), Event::succeed, nullptr, "again", std::nullopt, true},
        {Fence{"no-such-task", 1}, Event::succeed, nullptr, "nothing", std::nullopt, true},
        {fence_of(c), Event::lease, nullptr, "not an ending", std::nullopt, true},
    };
    auto results = store().finish_batch(requests);
    ASSERT_EQ(results.size(), requests.size());
    EXPECT_EQ(results[0].change, Change::applied);
    EXPECT_EQ(results[1].change, Change::applied);
    EXPECT_EQ(results[2].change, Change::stale);
    EXPECT_EQ(results[3].change, Change::stale);
    EXPECT_EQ(results[4].change, Change::not_found);
    EXPECT_EQ(results[5].change, Change::illegal);

    EXPECT_EQ(must_get("a").status, Status::completed);
    EXPECT_EQ(must_get("a").result, (nlohmann::json{{"ok", true}}));
    EXPECT_EQ(must_get("b").status, Status::failed);
    EXPECT_EQ(must_get("b", 1).logs.back().message, "Failed: boom");
    EXPECT_EQ(must_get("c").status, Status::running);
    EXPECT_EQ(must_get("d", 1).logs.back().message, "Completed");
    EXPECT_TRUE(store().finish_batch({}).empty());
}

// Each ending's lines land in the order it logged them, its attempt is recorded once, and the endings of one batch
// do not mix: a requeue of a task whose cancel was asked meanwhile logs the caller's line, then why it was cancelled.
TEST_P(TaskStoreContract, FinishBatchKeepsEachTasksLinesInOrderAndRecordsEachAttempt) {
    for (const char* id : {"p", "q", "r"}) submit(id);
    task::Task p = *lease();
    task::Task q = *lease();
    task::Task r = *lease();
    ASSERT_EQ(store().request_cancel("p", "Cancel requested").change, Change::applied);
    ASSERT_EQ(store().request_cancel("r", "Cancel requested").change, Change::applied);

    std::vector<FinishRequest> requests = {
        {fence_of(p), Event::requeue, nullptr, "Host stopping: requeued", std::nullopt, true},
        {fence_of(q), Event::succeed, nullptr, "Completed", std::nullopt, true},
        {fence_of(r), Event::requeue, nullptr, "Host stopping: requeued", std::nullopt, true},
    };
    auto results = store().finish_batch(requests);
    for (const ChangeResult& result : results) EXPECT_EQ(result.change, Change::applied);

    for (const char* id : {"p", "r"}) {
        task::Task ended = must_get(id, 3);
        EXPECT_EQ(ended.status, Status::cancelled) << id;
        ASSERT_EQ(ended.logs.size(), 3u) << id;
        EXPECT_EQ(ended.logs[0].message, "Cancel requested") << id;
        EXPECT_EQ(ended.logs[1].message, "Host stopping: requeued") << id;
        EXPECT_EQ(ended.logs[2].message, "Task cancelled: a cancel was requested before requeue") << id;
        ASSERT_EQ(ended.attempt_history.size(), 1u) << id;
        EXPECT_EQ(ended.attempt_history[0].outcome, "interrupted") << id;
    }
    task::Task completed = must_get("q", 1);
    EXPECT_EQ(completed.logs.back().message, "Completed");
    ASSERT_EQ(completed.attempt_history.size(), 1u);
    EXPECT_EQ(completed.attempt_history[0].outcome, "completed");
}

}  // namespace
}  // namespace dms::store::test

namespace dms::store::test {
namespace {

using task::Priority;
using task::Status;

// A batch lease takes tasks in the order single leases would, honours the per-service cap, and leases each
// exactly as lease_next does.
TEST_P(TaskStoreContract, LeaseBatchTakesTasksInQueueOrderWithinTheCaps) {
    submit("copy-low-1", Priority::low, "copy");
    submit("sync-low-1", Priority::low, "sync");
    submit("copy-high-1", Priority::high, "copy");
    submit("copy-low-2", Priority::low, "copy");
    submit("sync-mid-1", Priority::mid, "sync");
    submit("other-high", Priority::high, "other");

    LeaseRequest request{"host-a", task::now() + std::chrono::minutes(5), {"copy", "sync"}, {{"copy", 2}}};
    auto batch = store().lease_batch(request, 3, kStartedLog);
    std::vector<std::string> ids;
    for (const auto& task : batch) ids.push_back(task.task_id);
    EXPECT_EQ(ids, (std::vector<std::string>{"copy-high-1", "sync-mid-1", "copy-low-1"}));
    for (const auto& task : batch) {
        EXPECT_EQ(task.status, Status::running);
        EXPECT_EQ(task.attempts, 1);
        EXPECT_EQ(task.lease_owner, "host-a");
        EXPECT_EQ(must_get(task.task_id, 1).logs.back().message, kStartedLog);
    }

    // The cap is per batch: the next batch takes the rest, in queue order.
    auto next = store().lease_batch(request, 5, kStartedLog);
    ids.clear();
    for (const auto& task : next) ids.push_back(task.task_id);
    EXPECT_EQ(ids, (std::vector<std::string>{"sync-low-1", "copy-low-2"}));
    EXPECT_TRUE(store().lease_batch(request, 5, kStartedLog).empty());
    EXPECT_TRUE(store().lease_batch(request, 0, kStartedLog).empty());
    EXPECT_EQ(must_get("other-high").status, Status::queued);
}

}  // namespace
}  // namespace dms::store::test
