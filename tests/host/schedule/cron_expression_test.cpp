#include "schedule/cron_expression.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dms::schedule {
namespace {

// The set bits of a field as "a,b,c", so expectations read like cron lists.
template <std::size_t N>
std::string listed(const std::bitset<N>& bits) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        if (!bits.test(i)) continue;
        if (!out.empty()) out += ',';
        out += std::to_string(i);
    }
    return out;
}

constexpr const char* kAll = "";  // in a case: "do not check this field"

struct ValidCase {
    const char* text;
    const char* minutes;
    const char* hours;
    const char* days_of_month;
    const char* months;
    const char* days_of_week;
};

const ValidCase kValid[] = {
    {"*/15 * * * *", "0,15,30,45", kAll, kAll, kAll, kAll},
    {"1-10/3 * * * *", "1,4,7,10", kAll, kAll, kAll, kAll},
    {"5/20 * * * *", "5,25,45", kAll, kAll, kAll, kAll},
    {"0,30 9-17/4 * * *", "0,30", "9,13,17", kAll, kAll, kAll},
    {"0 9 * * MON-FRI", "0", "9", kAll, kAll, "1,2,3,4,5"},
    {"0 0 1 jan,jul *", "0", "0", "1", "1,7", kAll},
    {"0 0 * Jan-Mar sat", "0", "0", kAll, "1,2,3", "6"},
    {"0 0 * * 7", "0", "0", kAll, kAll, "0"},
    {"0 0 * * 0", "0", "0", kAll, kAll, "0"},
    {"0 0 * * 5-7", "0", "0", kAll, kAll, "0,5,6"},
    {"0 0 * * SUN", "0", "0", kAll, kAll, "0"},
    {"0 0 * * */2", "0", "0", kAll, kAll, "0,2,4,6"},
    {"0 0 * * mon/2", "0", "0", kAll, kAll, "1,3,5"},
    {"0 0 */10 * *", "0", "0", "1,11,21,31", kAll, kAll},
    {"59 23 31 12 *", "59", "23", "31", "12", kAll},
    {"0 0 29 2 *", "0", "0", "29", "2", kAll},
    {"0 0 31 4,6 1", "0", "0", "31", "4,6", "1"},  // never the 31st, but every Monday (Vixie OR rule)
    {"  0\t12  *  *  *  ", "0", "12", kAll, kAll, kAll},
    {"@hourly", "0", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23", kAll, kAll, kAll},
    {"@daily", "0", "0", kAll, kAll, kAll},
    {"@midnight", "0", "0", kAll, kAll, kAll},
    {"@weekly", "0", "0", kAll, kAll, "0"},
    {"@monthly", "0", "0", "1", kAll, kAll},
    {"@yearly", "0", "0", "1", "1", kAll},
    {"@ANNUALLY", "0", "0", "1", "1", kAll},
};

TEST(CronExpressionTest, ParsesEachValidCaseIntoItsFields) {
    for (const ValidCase& c : kValid) {
        SCOPED_TRACE(c.text);
        CronExpression e = CronExpression::parse(c.text);
        EXPECT_EQ(e.text(), c.text);
        if (*c.minutes) {
            EXPECT_EQ(listed(e.minutes()), c.minutes);
        }
        if (*c.hours) {
            EXPECT_EQ(listed(e.hours()), c.hours);
        }
        if (*c.days_of_month) {
            EXPECT_EQ(listed(e.days_of_month()), c.days_of_month);
        }
        if (*c.months) {
            EXPECT_EQ(listed(e.months()), c.months);
        }
        if (*c.days_of_week) {
            EXPECT_EQ(listed(e.days_of_week()), c.days_of_week);
        }
    }
}

TEST(CronExpressionTest, EveryHourOnlyWhenAllTwentyFourHoursAreSelected) {
    EXPECT_TRUE(CronExpression::parse("30 * * * *").every_hour());
    EXPECT_TRUE(CronExpression::parse("30 */1 * * *").every_hour());
    EXPECT_TRUE(CronExpression::parse("30 0-23 * * *").every_hour());
    EXPECT_TRUE(CronExpression::parse("@hourly").every_hour());
    EXPECT_FALSE(CronExpression::parse("30 */2 * * *").every_hour());
    EXPECT_FALSE(CronExpression::parse("@daily").every_hour());
}

struct DayCase {
    const char* text;
    unsigned month;
    unsigned day;
    unsigned weekday;  // 0 = Sunday
    bool matches;
};

const DayCase kDays[] = {
    {"0 0 13 * 5", 1, 13, 2, true},    // both restricted: the 13th (a Tuesday) ...
    {"0 0 13 * 5", 1, 16, 5, true},    // ... or any Friday
    {"0 0 13 * 5", 1, 14, 3, false},
    {"0 0 13 * *", 1, 16, 5, false},   // day-of-week `*`: only the 13th
    {"0 0 * * 5", 1, 13, 2, false},    // day-of-month `*`: only Fridays
    {"0 0 */2 * 5", 1, 2, 5, false},   // `*/2` starts with `*`: both must match (Vixie)
    {"0 0 */2 * 5", 1, 3, 5, true},
    {"0 0 13 * 5", 2, 13, 5, true},
    {"0 0 13 2 5", 3, 13, 5, false},   // the month always has to match
    {"0 0 * * 7", 6, 7, 0, true},
};

TEST(CronExpressionTest, DayRuleIsVixieOrWhenBothDayFieldsAreRestricted) {
    for (const DayCase& c : kDays) {
        SCOPED_TRACE(std::string(c.text) + " month " + std::to_string(c.month) + " day " + std::to_string(c.day));
        EXPECT_EQ(CronExpression::parse(c.text).matches_date(c.month, c.day, c.weekday), c.matches);
    }
}

struct ErrorCase {
    std::string text;
    const char* message;  // what() must contain this
};

const std::vector<ErrorCase> kErrors = {
    {"60 * * * *", "cron field 'minute': 60 is out of range 0-59"},
    {"0 24 * * *", "cron field 'hour': 24 is out of range 0-23"},
    {"0 0 0 * *", "cron field 'day-of-month': 0 is out of range 1-31"},
    {"0 0 * 13 *", "cron field 'month': 13 is out of range 1-12"},
    {"0 0 * * 8", "cron field 'day-of-week': 8 is out of range 0-7"},
    {"99999999999 * * * *", "cron field 'minute': 99999999999 is out of range 0-59"},
    {"* * * *", "cron expression has 4 fields; expected 5"},
    {"* * * * * *", "cron expression has 6 fields; expected 5"},
    {"5-1 * * * *", "cron field 'minute': range 5-1 is reversed"},
    {"0 0 * * FRI-MON", "cron field 'day-of-week': range FRI-MON is reversed"},
    {"*/0 * * * *", "cron field 'minute': step 0 is out of range 1-59"},
    {"*/ * * * *", "cron field 'minute': step '' in '*/' is not a number"},
    {"", "cron expression is empty"},
    {"   ", "cron expression is empty"},
    {"a * * * *", "cron field 'minute': 'a' is not a valid value (expected 0-59)"},
    {"0 0 * FOO *", "cron field 'month': 'FOO' is not a valid value (expected 1-12 or JAN-DEC)"},
    {"0 0 * * MON-", "cron field 'day-of-week': missing value in 'MON-'"},
    {"1-2-3 * * * *", "cron field 'minute': '2-3' is not a valid value"},
    {"0 0 30 2 *", "cron expression never runs: day-of-month '30' does not occur in month '2'"},
    {"0 0 31 4,6 *", "never runs"},
    {"0 0 30 feb */2", "never runs"},  // `*/2` starts with `*`, so both day fields must match
    {"@every", "unknown cron macro '@every'"},
    {"@every 5m", "unknown cron macro '@every'"},
    {"@daily 5", "cron macro '@daily' takes nothing after it"},
    {"1,,2 * * * *", "cron field 'minute': empty item in list '1,,2'"},
    {"0, * * * *", "cron field 'minute': empty item in list '0,'"},
    {std::string(300, '*'), "cron expression is too long (300 characters; the limit is 256)"},
};

TEST(CronExpressionTest, RejectsEachBadCaseWithAMessageNamingTheFault) {
    for (const ErrorCase& c : kErrors) {
        SCOPED_TRACE("'" + c.text + "'");
        try {
            CronExpression::parse(c.text);
            ADD_FAILURE() << "parsed";
        } catch (const CronSyntaxError& error) {
            EXPECT_NE(std::string(error.what()).find(c.message), std::string::npos) << error.what();
        }
    }
}

TEST(CronExpressionTest, SyntaxErrorIsAnInvalidArgument) {
    EXPECT_THROW(CronExpression::parse("bad"), std::invalid_argument);
}

}  // namespace
}  // namespace dms::schedule
