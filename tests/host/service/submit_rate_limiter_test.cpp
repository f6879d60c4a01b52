#include "service/submit_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dms::service {
namespace {

using namespace std::chrono_literals;
using Clock = SubmitRateLimiter::Clock;

TEST(SubmitRateLimiterTest, NoRateMeansNoLimit) {
    SubmitRateLimiter limiter(0, 0);
    EXPECT_FALSE(limiter.enabled());
    for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.take("alice"));
    EXPECT_EQ(limiter.tracked_users(), 0u);
}

TEST(SubmitRateLimiterTest, ABurstThenOneASecondPerUser) {
    SubmitRateLimiter limiter(1, 3);
    auto t0 = Clock::time_point{} + 1h;
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.take("alice", t0)) << i;
    auto refused = limiter.take("alice", t0);
    ASSERT_TRUE(refused);
    EXPECT_EQ(*refused, 1s);
    EXPECT_FALSE(limiter.take("bob", t0)) << "each user has a bucket of their own";
    EXPECT_TRUE(limiter.take("alice", t0 + 500ms));
    EXPECT_FALSE(limiter.take("alice", t0 + 1s));
}

TEST(SubmitRateLimiterTest, RetryAfterIsTheWholeSecondsUntilATokenRoundedUp) {
    SubmitRateLimiter limiter(0.1, 1);  // one every 10 s
    auto t0 = Clock::time_point{} + 1h;
    EXPECT_FALSE(limiter.take("alice", t0));
    EXPECT_EQ(limiter.take("alice", t0), 10s);
    EXPECT_EQ(limiter.take("alice", t0 + 2500ms), 8s);
}

TEST(SubmitRateLimiterTest, TheBurstDefaultsToTheRateRoundedUp) {
    EXPECT_EQ(SubmitRateLimiter(2.5, 0).burst(), 3);
    EXPECT_EQ(SubmitRateLimiter(0.2, 0).burst(), 1);
}

TEST(SubmitRateLimiterTest, IdleUsersAreForgottenSoMemoryStaysBounded) {
    SubmitRateLimiter limiter(1, 1);
    auto t0 = Clock::time_point{} + 1h;
    for (int i = 0; i < 5000; ++i) limiter.take("user" + std::to_string(i), t0);
    EXPECT_LE(limiter.tracked_users(), 5000u);
    // A minute later every bucket has refilled: the next newcomers sweep them away.
    for (int i = 0; i < 5000; ++i) limiter.take("later" + std::to_string(i), t0 + 1min);
    EXPECT_EQ(limiter.tracked_users(), 5000u) << "the first 5000, idle, were forgotten: only the newcomers are left";
    // An active user keeps their empty bucket through a sweep.
    EXPECT_TRUE(limiter.take("later4999", t0 + 1min));
}

TEST(SubmitRateLimiterTest, EvenActiveUsersNeverExceedTheCeiling) {
    SubmitRateLimiter limiter(0.001, 1);  // nobody refills during the test
    auto t0 = Clock::time_point{} + 1h;
    for (std::size_t i = 0; i < SubmitRateLimiter::kMaxUsers + 5000; ++i) {
        limiter.take("u" + std::to_string(i), t0 + std::chrono::microseconds(i));
    }
    EXPECT_LE(limiter.tracked_users(), SubmitRateLimiter::kMaxUsers);
}

}  // namespace
}  // namespace dms::service
