#include "dispatch/throughput_meter.hpp"

#include <gtest/gtest.h>

namespace dms::dispatch {
namespace {

using namespace std::chrono_literals;
using Clock = ThroughputMeter::Clock;

TEST(ThroughputMeterTest, UnknownBeforeTheFirstEnding) {
    ThroughputMeter meter(Clock::time_point{} + 1h);
    EXPECT_FALSE(meter.per_second(Clock::time_point{} + 2h));
}

TEST(ThroughputMeterTest, EndingsInTheWindowOverTheWindow) {
    auto start = Clock::time_point{} + 1h;
    ThroughputMeter meter(start);
    for (int i = 0; i < 120; ++i) meter.record(start + 1min + std::chrono::milliseconds(i * 250));
    // 120 endings in the last 30 s of a 60 s window.
    EXPECT_DOUBLE_EQ(*meter.per_second(start + 90s), 2.0);
    // Older than the window: forgotten.
    EXPECT_FALSE(meter.per_second(start + 5min));
}

TEST(ThroughputMeterTest, AYoungHostCountsOnlyTheSecondsItHasBeenUp) {
    auto start = Clock::time_point{} + 1h;
    ThroughputMeter meter(start);
    for (int i = 0; i < 10; ++i) meter.record(start + 1s);
    EXPECT_DOUBLE_EQ(*meter.per_second(start + 5s), 2.0);
    EXPECT_DOUBLE_EQ(*meter.per_second(start + 100ms), 10.0) << "at least one second";
}

}  // namespace
}  // namespace dms::dispatch
