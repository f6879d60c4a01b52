#include "schedule/cron_schedule.hpp"

#include <gtest/gtest.h>

#include <date/tz.h>

#include <cstdio>
#include <string>
#include <vector>

namespace dms::schedule {
namespace {

using std::chrono::sys_seconds;

// An RFC 3339 instant with its offset, e.g. "2026-03-08T03:00:00-04:00" (read by hand: date::parse's %T trips
// -Wmaybe-uninitialized inside date.h).
sys_seconds instant(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, oh = 0, om = 0;
    char sign = 0;
    const int read = std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &s, &sign, &oh, &om);
    EXPECT_EQ(read, 9) << "bad instant in test: " << text;
    const std::chrono::minutes offset{(sign == '-' ? -1 : 1) * (oh * 60 + om)};
    const date::local_seconds local = date::local_days{date::year{y} / mo / d} + std::chrono::hours{h} +
                                      std::chrono::minutes{mi} + std::chrono::seconds{s};
    return sys_seconds{local.time_since_epoch()} - offset;
}

// An instant as RFC 3339 in `zone`, so failures show the local time and offset a reader can check.
std::string rfc3339(const date::time_zone* zone, sys_seconds at) {
    return date::format("%FT%T%Ez", date::make_zoned(zone, at));
}

struct ScheduleCase {
    const char* name;
    const char* zone;
    const char* expression;
    const char* after;
    std::vector<std::string> runs;  // the next runs after `after`, in order
};

const std::vector<ScheduleCase> kCases = {
    // America/New_York 2026-03-08: 02:00 EST jumps to 03:00 EDT.
    {"NewYorkSpringDailyInGapRunsAtThree", "America/New_York", "30 2 * * *", "2026-03-07T00:00:00-05:00",
     {"2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"}},
    // Every-hour expressions follow real time: the missing hour has no 02:30.
    {"NewYorkSpringHourlySkipsTheGap", "America/New_York", "30 * * * *", "2026-03-08T00:00:00-05:00",
     {"2026-03-08T00:30:00-05:00", "2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00",
      "2026-03-08T04:30:00-04:00"}},
    {"NewYorkSpringGapAndRealThreeRunOnce", "America/New_York", "0,30 2,3 * * *", "2026-03-08T00:00:00-05:00",
     {"2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:00:00-04:00"}},
    {"NewYorkSpringWholeHourCollapsesToOneRun", "America/New_York", "* 2 * * *", "2026-03-08T00:00:00-05:00",
     {"2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-09T02:01:00-04:00"}},
    {"NewYorkSpringEveryMinuteFollowsTheClock", "America/New_York", "* * * * *", "2026-03-08T01:58:00-05:00",
     {"2026-03-08T01:59:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:01:00-04:00"}},
    // America/New_York 2026-11-01: 02:00 EDT falls back to 01:00 EST.
    {"NewYorkFallDailyRunsOnceAtTheFirstInstant", "America/New_York", "30 1 * * *", "2026-10-31T12:00:00-04:00",
     {"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
    {"NewYorkFallDailyNotAgainInTheRepeat", "America/New_York", "30 1 * * *", "2026-11-01T01:40:00-04:00",
     {"2026-11-02T01:30:00-05:00"}},
    {"NewYorkFallHourlyRunsAtBothInstants", "America/New_York", "30 * * * *", "2026-11-01T00:00:00-04:00",
     {"2026-11-01T00:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00",
      "2026-11-01T02:30:00-05:00"}},
    {"NewYorkFallHourlyFromInsideTheRepeat", "America/New_York", "30 * * * *", "2026-11-01T01:00:00-05:00",
     {"2026-11-01T01:30:00-05:00", "2026-11-01T02:30:00-05:00"}},
    {"NewYorkFallQuarterHoursOfOneOClockOnce", "America/New_York", "*/15 1 * * *", "2026-11-01T00:00:00-04:00",
     {"2026-11-01T01:00:00-04:00", "2026-11-01T01:15:00-04:00", "2026-11-01T01:30:00-04:00",
      "2026-11-01T01:45:00-04:00", "2026-11-02T01:00:00-05:00"}},
    {"NewYorkYearRollover", "America/New_York", "0 0 1 1 *", "2026-12-31T23:59:00-05:00",
     {"2027-01-01T00:00:00-05:00", "2028-01-01T00:00:00-05:00"}},
    // Europe/London: 2026-03-29 01:00 GMT -> 02:00 BST; 2026-10-25 02:00 BST -> 01:00 GMT.
    {"LondonSpringDailyInGap", "Europe/London", "30 1 * * *", "2026-03-28T12:00:00+00:00",
     {"2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"}},
    {"LondonSpringHourly", "Europe/London", "0 * * * *", "2026-03-28T23:30:00+00:00",
     {"2026-03-29T00:00:00+00:00", "2026-03-29T02:00:00+01:00", "2026-03-29T03:00:00+01:00"}},
    {"LondonFallDaily", "Europe/London", "30 1 * * *", "2026-10-24T12:00:00+01:00",
     {"2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00"}},
    {"LondonFallHourly", "Europe/London", "0 * * * *", "2026-10-25T00:30:00+01:00",
     {"2026-10-25T01:00:00+01:00", "2026-10-25T01:00:00+00:00", "2026-10-25T02:00:00+00:00"}},
    // Australia/Lord_Howe shifts by 30 minutes: 2026-04-05 02:00 +11 -> 01:30 +10:30; 2026-10-04 02:00 -> 02:30.
    {"LordHoweFallDailyOnce", "Australia/Lord_Howe", "45 1 * * *", "2026-04-04T12:00:00+11:00",
     {"2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"}},
    {"LordHoweFallHourlyTwice", "Australia/Lord_Howe", "45 * * * *", "2026-04-05T01:00:00+11:00",
     {"2026-04-05T01:45:00+11:00", "2026-04-05T01:45:00+10:30", "2026-04-05T02:45:00+10:30"}},
    {"LordHoweSpringDailyInGap", "Australia/Lord_Howe", "15 2 * * *", "2026-10-03T12:00:00+10:30",
     {"2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"}},
    {"LordHoweSpringGapAndRealRunOnce", "Australia/Lord_Howe", "0,30 2 * * *", "2026-10-03T12:00:00+10:30",
     {"2026-10-04T02:30:00+11:00", "2026-10-05T02:00:00+11:00"}},
    {"LordHoweSpringHourlySkipsTheGap", "Australia/Lord_Howe", "15 * * * *", "2026-10-04T00:30:00+10:30",
     {"2026-10-04T01:15:00+10:30", "2026-10-04T03:15:00+11:00"}},
    // Asia/Kolkata: +05:30 all year.
    {"KolkataHalfHourOffset", "Asia/Kolkata", "30 23 * * *", "2026-03-08T00:00:00+05:30",
     {"2026-03-08T23:30:00+05:30", "2026-03-09T23:30:00+05:30"}},
    // Pacific/Apia skipped 2011-12-30: 2011-12-29 23:59:59 -10 was followed by 2011-12-31 00:00 +14.
    {"ApiaSkippedDayDailyRunsAtTheJump", "Pacific/Apia", "0 9 * * *", "2011-12-29T00:00:00-10:00",
     {"2011-12-29T09:00:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-31T09:00:00+14:00"}},
    {"ApiaSkippedFridayRunsAtTheJump", "Pacific/Apia", "0 12 * * 5", "2011-12-20T00:00:00-10:00",
     {"2011-12-23T12:00:00-10:00", "2011-12-31T00:00:00+14:00", "2012-01-06T12:00:00+14:00"}},
    {"ApiaSkippedDayHourlyFollowsTheClock", "Pacific/Apia", "0 * * * *", "2011-12-29T22:30:00-10:00",
     {"2011-12-29T23:00:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-31T01:00:00+14:00"}},
    // UTC and plain calendar cases.
    {"UtcQuarterHours", "UTC", "*/15 * * * *", "2026-01-01T00:07:00+00:00",
     {"2026-01-01T00:15:00+00:00", "2026-01-01T00:30:00+00:00", "2026-01-01T00:45:00+00:00",
      "2026-01-01T01:00:00+00:00"}},
    {"UtcStrictlyAfter", "UTC", "0 * * * *", "2026-01-01T01:00:00+00:00", {"2026-01-01T02:00:00+00:00"}},
    {"UtcSecondsBeforeAMinute", "UTC", "0 * * * *", "2026-01-01T00:59:30+00:00", {"2026-01-01T01:00:00+00:00"}},
    {"UtcRangeWithStep", "UTC", "1-10/3 0 * * *", "2026-01-01T00:00:00+00:00",
     {"2026-01-01T00:01:00+00:00", "2026-01-01T00:04:00+00:00", "2026-01-01T00:07:00+00:00",
      "2026-01-01T00:10:00+00:00", "2026-01-02T00:01:00+00:00"}},
    {"UtcStartWithStep", "UTC", "5/20 * * * *", "2026-01-01T00:00:00+00:00",
     {"2026-01-01T00:05:00+00:00", "2026-01-01T00:25:00+00:00", "2026-01-01T00:45:00+00:00",
      "2026-01-01T01:05:00+00:00"}},
    {"UtcWeekdayNames", "UTC", "0 9 * * MON-FRI", "2026-01-02T10:00:00+00:00",
     {"2026-01-05T09:00:00+00:00", "2026-01-06T09:00:00+00:00"}},
    {"UtcMonthNames", "UTC", "0 0 1 jan,jul *", "2026-01-01T00:00:00+00:00",
     {"2026-07-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"}},
    {"UtcSundayAsSeven", "UTC", "0 0 * * 7", "2026-01-01T00:00:00+00:00",
     {"2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00"}},
    {"UtcSundayAsZero", "UTC", "0 0 * * 0", "2026-01-01T00:00:00+00:00",
     {"2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00"}},
    // January 2026: Fridays are the 2nd, 9th, 16th; the 13th is a Tuesday.
    {"UtcVixieOrRule", "UTC", "0 0 13 * 5", "2026-01-01T00:00:00+00:00",
     {"2026-01-02T00:00:00+00:00", "2026-01-09T00:00:00+00:00", "2026-01-13T00:00:00+00:00",
      "2026-01-16T00:00:00+00:00"}},
    {"UtcYearRolloverEveryMinute", "UTC", "* * * * *", "2026-12-31T23:59:00+00:00",
     {"2027-01-01T00:00:00+00:00", "2027-01-01T00:01:00+00:00"}},
    {"UtcHourlyMacro", "UTC", "@hourly", "2026-01-01T00:00:00+00:00",
     {"2026-01-01T01:00:00+00:00", "2026-01-01T02:00:00+00:00"}},
    {"UtcWeeklyMacro", "UTC", "@weekly", "2026-01-01T00:00:00+00:00",
     {"2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00"}},
    {"UtcLeapDay", "UTC", "0 0 29 2 *", "2026-01-01T00:00:00+00:00",
     {"2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00"}},
    // 2100 is not a leap year: eight years to the next Feb 29.
    {"UtcLeapDayAcross2100", "UTC", "0 0 29 2 *", "2096-03-01T00:00:00+00:00", {"2104-02-29T00:00:00+00:00"}},
};

class CronScheduleCaseTest : public testing::TestWithParam<ScheduleCase> {};

TEST_P(CronScheduleCaseTest, NextRunsAreTheExpectedInstants) {
    const ScheduleCase& c = GetParam();
    const date::time_zone* zone = CronSchedule::find_zone(c.zone);
    ASSERT_NE(zone, nullptr) << c.zone;
    CronSchedule schedule(CronExpression::parse(c.expression), zone);
    std::vector<std::string> runs;
    for (sys_seconds run : schedule.next(instant(c.after), c.runs.size())) runs.push_back(rfc3339(zone, run));
    EXPECT_EQ(runs, c.runs) << c.expression << " in " << c.zone << " after " << c.after;
}

INSTANTIATE_TEST_SUITE_P(HardCases, CronScheduleCaseTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<ScheduleCase>& info) { return info.param.name; });

// Across a year of transitions, runs never repeat and never go backwards, whatever the expression.
TEST(CronScheduleTest, RunsStrictlyIncreaseThroughTransitions) {
    const char* zones[] = {"America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia"};
    const char* expressions[] = {"*/7 * * * *", "* 1-3 * * *", "0,30 * * * *", "59 0-2 * * *", "15 2 * * 0"};
    for (const char* zone_name : zones) {
        for (const char* text : expressions) {
            SCOPED_TRACE(std::string(text) + " in " + zone_name);
            CronSchedule schedule(CronExpression::parse(text), CronSchedule::find_zone(zone_name));
            auto runs = schedule.next(instant("2011-01-01T00:00:00+00:00"), 3000);
            ASSERT_EQ(runs.size(), 3000u);
            for (std::size_t i = 1; i < runs.size(); ++i) ASSERT_LT(runs[i - 1], runs[i]) << i;
        }
    }
}

TEST(CronScheduleTest, NothingBeyondTheHorizon) {
    CronSchedule schedule(CronExpression::parse("0 0 29 2 *"), CronSchedule::find_zone("UTC"),
                          std::chrono::days{365});
    EXPECT_EQ(schedule.next_after(instant("2026-01-01T00:00:00+00:00")), std::nullopt);
    EXPECT_EQ(schedule.next(instant("2027-06-01T00:00:00+00:00"), 5).size(), 1u);
}

TEST(CronScheduleTest, FindZoneAnswersNullForUnknownNames) {
    EXPECT_NE(CronSchedule::find_zone("Europe/London"), nullptr);
    EXPECT_EQ(CronSchedule::find_zone("Mars/Olympus_Mons"), nullptr);
    EXPECT_EQ(CronSchedule::find_zone(""), nullptr);
    EXPECT_EQ(CronSchedule::find_zone("../../etc/passwd"), nullptr);
}

TEST(CronScheduleTest, RejectsANullZone) {
    EXPECT_THROW(CronSchedule(CronExpression::parse("@daily"), nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace dms::schedule
