// plan_occurrence: what a due template's occurrence becomes at a chosen instant (no store, no clock).
#include "schedule/occurrence_plan.hpp"

#include <gtest/gtest.h>

#include <date/date.h>

namespace dms::schedule {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

task::Timestamp utc(int year, unsigned month, unsigned day, int hour, int minute = 0) {
    return date::sys_days(date::year(year) / month / day) + hours(hour) + minutes(minute);
}

store::Template daily_at(std::string cron, std::string zone, task::Timestamp next_run_at) {
    store::Template due;
    due.template_id = "tpl";
    due.cron = std::move(cron);
    due.time_zone = std::move(zone);
    due.revision = 3;
    due.next_run_at = next_run_at;
    return due;
}

TEST(OccurrencePlanTest, AnOnTimeOccurrenceFiresAndMovesToTheNextRun) {
    const task::Timestamp at = utc(2026, 12, 4, 9);
    auto plan = plan_occurrence(daily_at("0 9 * * *", "UTC", at), at + seconds(1));
    EXPECT_TRUE(plan.create_task);
    EXPECT_EQ(plan.missed, 0u);
    EXPECT_EQ(plan.request.template_id, "tpl");
    EXPECT_EQ(plan.request.revision, 3);
    EXPECT_EQ(plan.request.expected_next_run, at);
    EXPECT_EQ(plan.request.occurrence, at);
    EXPECT_EQ(plan.request.next_run_at, at + hours(24));
}

TEST(OccurrencePlanTest, TheNextRunFollowsTheZonesOffsetAcrossDaylightSaving) {
    // 2026-03-08 is the US spring-forward day: 09:00 New York is 14:00 UTC before it and 13:00 UTC from it on.
    const task::Timestamp saturday = utc(2026, 3, 7, 14);
    auto plan = plan_occurrence(daily_at("0 9 * * *", "America/New_York", saturday), saturday);
    EXPECT_EQ(plan.request.next_run_at, utc(2026, 3, 8, 13));
}

TEST(OccurrencePlanTest, AnOccurrenceFoundBeyondTheGraceIsMissed) {
    const task::Timestamp at = utc(2026, 12, 4, 9);
    auto on_the_edge = plan_occurrence(daily_at("0 9 * * *", "UTC", at), at + kOnTimeGrace);
    EXPECT_TRUE(on_the_edge.create_task);
    auto late = plan_occurrence(daily_at("0 9 * * *", "UTC", at), at + kOnTimeGrace + seconds(1));
    EXPECT_FALSE(late.create_task) << "catch-up skip";
    EXPECT_EQ(late.missed, 1u);
    EXPECT_EQ(late.request.next_run_at, at + hours(24));
}

TEST(OccurrencePlanTest, SeveralMissedOccurrencesAreCountedAndTheLatestStandsForThem) {
    const task::Timestamp at = utc(2026, 12, 4, 9);
    store::Template hourly = daily_at("0 * * * *", "UTC", at);
    auto skipped = plan_occurrence(hourly, at + hours(3) + minutes(30));
    EXPECT_FALSE(skipped.create_task);
    EXPECT_EQ(skipped.missed, 4u);
    EXPECT_EQ(skipped.request.expected_next_run, at);
    EXPECT_EQ(skipped.request.occurrence, at + hours(3));
    EXPECT_EQ(skipped.request.next_run_at, at + hours(4));

    hourly.catch_up = store::CatchUpPolicy::run_once;
    auto caught_up = plan_occurrence(hourly, at + hours(3) + minutes(30));
    EXPECT_TRUE(caught_up.create_task);
    EXPECT_EQ(caught_up.missed, 4u);
    EXPECT_EQ(caught_up.request.occurrence, at + hours(3));
}

TEST(OccurrencePlanTest, ATemplateWhoseZoneIsGoneIsPassedOverAndEnds) {
    const task::Timestamp at = utc(2026, 12, 4, 9);
    auto plan = plan_occurrence(daily_at("0 9 * * *", "Mars/Olympus_Mons", at), at);
    EXPECT_FALSE(plan.create_task);
    EXPECT_FALSE(plan.request.next_run_at.has_value());
}

}  // namespace
}  // namespace dms::schedule
