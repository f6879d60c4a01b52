#include "service/waiting_reason.hpp"

#include <gtest/gtest.h>

namespace dms::service {
namespace {

using namespace std::chrono_literals;
using task::Status;

task::Task task_in(Status status, std::optional<task::Timestamp> not_before = std::nullopt) {
    task::Task task;
    task.status = status;
    task.not_before = not_before;
    return task;
}

TEST(WaitingReasonTest, RunningAndFinalTasksDoNotWait) {
    for (Status status : {Status::running, Status::completed, Status::failed, Status::cancelled}) {
        EXPECT_FALSE(explain_waiting(task_in(status), {})) << task::to_string(status);
    }
}

TEST(WaitingReasonTest, ATaskWaitingForATimeSaysSoWithThatTime) {
    WaitingFacts facts;
    facts.service_paused = true;  // the time comes first
    auto later = facts.now + 1h;
    auto scheduled = explain_waiting(task_in(Status::scheduled, later), facts);
    ASSERT_TRUE(scheduled);
    EXPECT_EQ(scheduled->reason, "scheduled");
    EXPECT_EQ(scheduled->estimated_start, later);
    EXPECT_EQ(explain_waiting(task_in(Status::retrying, later), facts)->reason, "retrying");
    // Once due it waits like a queued task.
    EXPECT_EQ(explain_waiting(task_in(Status::retrying, facts.now - 1s), facts)->reason, "paused");
}

TEST(WaitingReasonTest, PausedThenCappedThenQueued) {
    WaitingFacts facts;
    facts.position = 4;
    facts.caps = {0, 2};
    facts.running = {5, 2};
    facts.service_paused = true;
    EXPECT_EQ(explain_waiting(task_in(Status::queued), facts)->reason, "paused");
    facts.service_paused = false;
    auto capped = explain_waiting(task_in(Status::queued), facts);
    EXPECT_EQ(capped->reason, "capped");
    EXPECT_FALSE(capped->estimated_start);
    facts.running = {5, 1};
    EXPECT_EQ(explain_waiting(task_in(Status::queued), facts)->reason, "queued");
    facts.caps = {5, 0};
    EXPECT_EQ(explain_waiting(task_in(Status::queued), facts)->reason, "capped") << "the service's cap";
}

TEST(WaitingReasonTest, TheStartIsEstimatedFromThePositionAndTheThroughput) {
    WaitingFacts facts;
    facts.position = 9;
    auto unknown = explain_waiting(task_in(Status::queued), facts);
    EXPECT_EQ(unknown->reason, "queued");
    EXPECT_EQ(unknown->position, 9);
    EXPECT_FALSE(unknown->estimated_start) << "no throughput seen yet";
    facts.per_second = 2;
    auto known = explain_waiting(task_in(Status::queued), facts);
    ASSERT_TRUE(known->estimated_start);
    EXPECT_EQ(*known->estimated_start, facts.now + 5s);  // ten tasks, itself included, at two a second
}

}  // namespace
}  // namespace dms::service
