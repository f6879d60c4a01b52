#include "task/priority.hpp"
#include "task/status.hpp"

#include <gtest/gtest.h>

namespace dms::task {
namespace {

TEST(StatusTest, EveryStatusRoundTripsThroughItsName) {
    for (Status status : kAllStatuses) EXPECT_EQ(parse_status(to_string(status)), status);
    EXPECT_FALSE(parse_status("dispatched").has_value());
    EXPECT_FALSE(parse_status("").has_value());
    EXPECT_FALSE(parse_status("Queued").has_value());
}

TEST(StatusTest, OnlyCompletedFailedAndCancelledAreFinal) {
    EXPECT_FALSE(is_final(Status::queued));
    EXPECT_FALSE(is_final(Status::running));
    EXPECT_TRUE(is_final(Status::completed));
    EXPECT_TRUE(is_final(Status::failed));
    EXPECT_TRUE(is_final(Status::cancelled));
    EXPECT_FALSE(is_final(Status::retrying));
    EXPECT_FALSE(is_final(Status::scheduled));
}

TEST(StatusTest, OnlyRetryingAndScheduledWaitForATime) {
    for (Status status : kAllStatuses) {
        EXPECT_EQ(waits_for_time(status), status == Status::retrying || status == Status::scheduled)
            << to_string(status);
    }
}

TEST(PriorityTest, EveryPriorityRoundTripsAndHighSortsFirst) {
    for (Priority priority : kAllPriorities) EXPECT_EQ(parse_priority(to_string(priority)), priority);
    EXPECT_FALSE(parse_priority("urgent").has_value());
    EXPECT_LT(static_cast<int>(Priority::high), static_cast<int>(Priority::mid));
    EXPECT_LT(static_cast<int>(Priority::mid), static_cast<int>(Priority::low));
}

}  // namespace
}  // namespace dms::task
