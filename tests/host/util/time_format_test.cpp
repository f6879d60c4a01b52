#include "util/time_format.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

namespace dms::util {
namespace {

using namespace std::chrono;

// A UTC instant from its calendar parts.
task::Timestamp utc(int y, unsigned m, unsigned d, int hh, int mm, int ss, int us = 0) {
    return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss} + microseconds{us};
}

TEST(TimeFormatterTest, FormatsAKnownInstantInSeoulExactly) {
    TimeFormatter seoul("Asia/Seoul");
    EXPECT_EQ(seoul.iso(utc(2025, 11, 17, 1, 0, 16, 515926)), "2025-11-17T10:00:16.515926+09:00");
}

TEST(TimeFormatterTest, UtcEndsInZeroOffset) {
    TimeFormatter zulu("UTC");
    EXPECT_EQ(zulu.iso(utc(2025, 11, 17, 1, 0, 16, 515926)), "2025-11-17T01:00:16.515926+00:00");
}

TEST(TimeFormatterTest, AlwaysPrintsSixFractionalDigits) {
    TimeFormatter zulu("UTC");
    EXPECT_EQ(zulu.iso(utc(2024, 2, 29, 23, 59, 59)), "2024-02-29T23:59:59.000000+00:00");
}

TEST(TimeFormatterTest, NewYorkFollowsDaylightSavingTimeForTheDate) {
    TimeFormatter new_york("America/New_York");
    EXPECT_EQ(new_york.iso(utc(2025, 1, 15, 12, 0, 0)), "2025-01-15T07:00:00.000000-05:00");
    EXPECT_EQ(new_york.iso(utc(2025, 7, 15, 12, 0, 0)), "2025-07-15T08:00:00.000000-04:00");
}

TEST(TimeFormatterTest, NewYorkSwitchesOffsetAtTheSpringForwardInstant) {
    TimeFormatter new_york("America/New_York");
    // 2025-03-09: clocks jump from 02:00 EST to 03:00 EDT, at 07:00 UTC.
    EXPECT_EQ(new_york.iso(utc(2025, 3, 9, 6, 59, 59, 999999)), "2025-03-09T01:59:59.999999-05:00");
    EXPECT_EQ(new_york.iso(utc(2025, 3, 9, 7, 0, 0)), "2025-03-09T03:00:00.000000-04:00");
}

TEST(TimeFormatterTest, SeoulCrossesMidnightIntoTheNextDay) {
    TimeFormatter seoul("Asia/Seoul");
    EXPECT_EQ(seoul.iso(utc(2025, 12, 31, 15, 30, 0)), "2026-01-01T00:30:00.000000+09:00");
}

TEST(TimeFormatterTest, LogLineIsTimestampCommaMessage) {
    TimeFormatter seoul("Asia/Seoul");
    task::LogEntry entry{utc(2025, 11, 17, 1, 0, 16, 515926), "Task queued, then more"};
    EXPECT_EQ(seoul.log_line(entry), "2025-11-17T10:00:16.515926+09:00,Task queued, then more");
}

TEST(TimeFormatterTest, KeepsTheZoneName) { EXPECT_EQ(TimeFormatter("Europe/Berlin").zone_name(), "Europe/Berlin"); }

TEST(TimeFormatterTest, UnknownZoneThrowsNamingIt) {
    try {
        TimeFormatter mars("Mars/Base");
        FAIL() << "Mars/Base was accepted";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("Mars/Base"), std::string::npos) << error.what();
    }
    EXPECT_THROW(TimeFormatter(""), std::invalid_argument);
}

}  // namespace
}  // namespace dms::util
