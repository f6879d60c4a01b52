#include "dispatch/retry_policy.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dms::dispatch {
namespace {

using namespace std::chrono_literals;

AttemptEnding failure() { return {task::Event::fail, {{"error", "boom"}}, "Failed: boom", std::nullopt}; }

task::Task with_budget(int failures, int max_retries) {
    task::Task task;
    task.failures = failures;
    task.max_retries = max_retries;
    return task;
}

TEST(RetryPolicyTest, DelaysDoubleWithJitterBetweenHalfAndAllAndStopAtTheCap) {
    RetryPolicy policy(100ms, 1000ms);
    for (int run = 0; run < 200; ++run) {
        for (int retry = 1; retry <= 8; ++retry) {
            std::chrono::microseconds full = std::min<std::chrono::microseconds>(1000ms, 100ms * (1 << (retry - 1)));
            auto delay = policy.delay(retry);
            EXPECT_GE(delay, full / 2) << "retry " << retry;
            EXPECT_LE(delay, full) << "retry " << retry;
        }
    }
    EXPECT_LE(policy.delay(1000), 1000ms) << "no overflow far past the cap";
}

TEST(RetryPolicyTest, JitterSpreadsTasksThatFailTogether) {
    RetryPolicy policy(1000ms, 60000ms);
    std::set<std::int64_t> seen;
    for (int i = 0; i < 50; ++i) seen.insert(policy.delay(3).count());
    EXPECT_GT(seen.size(), 40u);
}

TEST(RetryPolicyTest, AFailureWithRetriesLeftBecomesARetryAtItsTime) {
    RetryPolicy policy(100ms, 1000ms);
    auto now = task::now();
    AttemptEnding ending = failure();
    policy.plan(ending, with_budget(1, 3), false, now);
    EXPECT_EQ(ending.event, task::Event::retry);
    ASSERT_TRUE(ending.not_before);
    EXPECT_GE(*ending.not_before, now + 100ms);  // the second retry: 200 ms, jittered to at least half
    EXPECT_LE(*ending.not_before, now + 200ms);
    EXPECT_NE(ending.log.find("retry 2 of 3"), std::string::npos) << ending.log;
    EXPECT_EQ(ending.result["error"], "boom");
}

TEST(RetryPolicyTest, NoRetryWhenTheBudgetIsSpentOrTheFailureIsPermanentOrItDidNotFail) {
    RetryPolicy policy(100ms, 1000ms);
    AttemptEnding spent = failure();
    policy.plan(spent, with_budget(3, 3), false, task::now());
    EXPECT_EQ(spent.event, task::Event::fail);
    EXPECT_FALSE(spent.not_before);

    AttemptEnding permanent = failure();
    policy.plan(permanent, with_budget(0, 3), true, task::now());
    EXPECT_EQ(permanent.event, task::Event::fail);

    AttemptEnding cancelled{task::Event::cancel, nullptr, "Cancelled", std::nullopt};
    policy.plan(cancelled, with_budget(0, 3), false, task::now());
    EXPECT_EQ(cancelled.event, task::Event::cancel);
}

}  // namespace
}  // namespace dms::dispatch
