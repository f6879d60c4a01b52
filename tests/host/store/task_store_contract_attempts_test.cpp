// Contract cases: the history of a task's ended attempts, as get returns it.
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using task::Event;
using task::Status;

// One attempt record as a test expects it; `attempt` is the task as its lease returned it.
struct ExpectedAttempt {
    int number;
    std::string host;
    std::string outcome;
    std::string error;
    const task::Task* attempt;
};

void expect_history(const std::vector<task::AttemptRecord>& history, const std::vector<ExpectedAttempt>& expected,
                    task::Timestamp ended_by) {
    ASSERT_EQ(history.size(), expected.size());
    for (std::size_t i = 0; i < history.size(); ++i) {
        const task::AttemptRecord& record = history[i];
        EXPECT_EQ(record.number, expected[i].number) << i;
        EXPECT_EQ(record.host, expected[i].host) << i;
        EXPECT_EQ(record.outcome, expected[i].outcome) << i;
        EXPECT_EQ(record.error, expected[i].error) << i;
        ASSERT_TRUE(record.started_at.has_value()) << i;
        EXPECT_EQ(record.started_at, expected[i].attempt->attempt_started_at) << i;
        EXPECT_GE(record.finished_at, *record.started_at) << i;
        EXPECT_LE(record.finished_at, ended_by) << i;
        if (i > 0) {
            EXPECT_LE(history[i - 1].finished_at, *record.started_at) << "oldest first";
        }
    }
}

TEST_P(TaskStoreContract, AttemptHistoryRecordsEachEndedAttemptOldestFirst) {
    const task::Timestamp t0 = task::now();
    submit("t1");
    task::Task first = must_lease_at(t0, "host-a");
    ASSERT_EQ(store().finish(fence_of(first), Event::requeue, nullptr, "Host stopping").change, Change::applied);
    EXPECT_EQ(must_get("t1").attempt_history.size(), 1u);
    task::Task second = must_lease_at(t0, "host-b");
    ASSERT_EQ(retry(second, t0 + minutes(1), {{"error", "timeout"}}).change, Change::applied);
    task::Task third = must_lease_at(t0 + minutes(1), "host-c");
    ASSERT_EQ(store().finish(fence_of(third), Event::fail, {{"error", 42}}, "Task failed").change, Change::applied);

    expect_history(must_get("t1").attempt_history,
                   {{1, "host-a", "interrupted", "", &first},
                    {2, "host-b", "failed", "timeout", &second},
                    {3, "host-c", "failed", "", &third}},  // an error that is not a string is not recorded
                   task::now());
}

TEST_P(TaskStoreContract, CompletedAndCancelledAttemptsAreRecorded) {
    submit("done");
    submit("stopped");
    task::Task done = must_lease({"copy"}, "host-a");
    task::Task stopped = must_lease({"copy"}, "host-b");
    ASSERT_EQ(store().finish(fence_of(done), Event::succeed, {{"copied", 3}}, "Task completed").change,
              Change::applied);
    ASSERT_EQ(store().request_cancel("stopped", "Cancel requested").change, Change::applied);
    ASSERT_EQ(store().finish(fence_of(stopped), Event::cancel, nullptr, "Task cancelled").change, Change::applied);

    expect_history(must_get("done").attempt_history, {{1, "host-a", "completed", "", &done}}, task::now());
    expect_history(must_get("stopped").attempt_history, {{1, "host-b", "cancelled", "", &stopped}}, task::now());
    EXPECT_FALSE(must_get("done").attempt_started_at.has_value()) << "only a running task has a current attempt";
}

TEST_P(TaskStoreContract, AbandonedAttemptsAreRecordedAsInterrupted) {
    submit("expired");
    submit("owned");
    submit("cancel-requested");
    task::Task expired = must_lease({"copy"}, "host-x", -seconds(1));
    task::Task owned = must_lease({"copy"}, "host-y", hours(1));
    task::Task cancel_requested = must_lease({"copy"}, "host-y", hours(1));
    ASSERT_EQ(store().request_cancel("cancel-requested", "Cancel requested").change, Change::applied);

    ASSERT_EQ(store().requeue_abandoned(task::now(), std::nullopt, "Lease expired"),
              std::vector<std::string>{"expired"});
    auto by_owner = store().requeue_abandoned(task::now(), "host-y", "Host restarted");
    std::sort(by_owner.begin(), by_owner.end());
    ASSERT_EQ(by_owner, (std::vector<std::string>{"cancel-requested", "owned"}));

    expect_history(must_get("expired").attempt_history, {{1, "host-x", "interrupted", "", &expired}}, task::now());
    expect_history(must_get("owned").attempt_history, {{1, "host-y", "interrupted", "", &owned}}, task::now());
    EXPECT_EQ(must_get("cancel-requested").status, Status::cancelled);
    expect_history(must_get("cancel-requested").attempt_history, {{1, "host-y", "interrupted", "", &cancel_requested}},
                   task::now());
}

TEST_P(TaskStoreContract, AnAttemptHandedBackBeforeItStartedIsNotRecorded) {
    submit("batched");
    submit("single");
    task::Task batched = must_lease();
    task::Task single = must_lease();
    std::vector<FinishRequest> handed_back{
        {fence_of(batched), Event::requeue, nullptr, "Handed back", std::nullopt, false}};
    ASSERT_EQ(store().finish_batch(handed_back).front().change, Change::applied);
    ASSERT_EQ(store()
                  .finish(FinishRequest{fence_of(single), Event::requeue, nullptr, "Handed back", std::nullopt, false})
                  .change,
              Change::applied);
    EXPECT_EQ(must_get("batched").status, Status::queued);
    EXPECT_TRUE(must_get("batched").attempt_history.empty());
    EXPECT_TRUE(must_get("single").attempt_history.empty());

    task::Task again = must_lease({"copy"}, "host-b");
    ASSERT_EQ(again.task_id, "batched");
    ASSERT_EQ(again.attempts, 2);
    ASSERT_EQ(store().finish(fence_of(again), Event::succeed, nullptr, "Task completed").change, Change::applied);
    expect_history(must_get("batched").attempt_history, {{2, "host-b", "completed", "", &again}}, task::now());
}

}  // namespace
}  // namespace dms::store::test
