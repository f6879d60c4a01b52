#pragma once

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>

#include "schedule/cron_syntax_error.hpp"

namespace dms::schedule {

// A parsed five-field cron expression (Vixie cron syntax plus @hourly-style macros): the minutes, hours, days and
// months it selects, with no notion of time zones or daylight saving; CronSchedule adds those.
//
// Fields: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-7 or SUN-SAT (0 and 7
// are Sunday). Each is a comma list of `*`, `a`, `a-b`, `*/n`, `a-b/n` or `a/n` (a to the field's maximum).
// Names are case-insensitive. Macros: @yearly @annually @monthly @weekly @daily @midnight @hourly.
class CronExpression {
public:
    // Longer input is rejected before parsing: expressions come from API requests.
    static constexpr std::size_t kMaxLength = 256;

    // Throws CronSyntaxError naming the field and the bad token, also for expressions that can never match
    // (`0 0 30 2 *`).
    static CronExpression parse(std::string_view text);

    // The text as given, macros unexpanded.
    const std::string& text() const { return text_; }

    const std::bitset<60>& minutes() const { return minutes_; }
    const std::bitset<24>& hours() const { return hours_; }
    // Bits 1-31; bit 0 is never set.
    const std::bitset<32>& days_of_month() const { return days_of_month_; }
    // Bits 1-12; bit 0 is never set.
    const std::bitset<13>& months() const { return months_; }
    // Bit 0 is Sunday (a 7 in the text is stored here).
    const std::bitset<7>& days_of_week() const { return days_of_week_; }

    // True when the hour field selects all 24 hours (`*`, `*/1`, `0-23`, @hourly): such expressions follow real
    // time across daylight-saving changes (see CronSchedule).
    bool every_hour() const { return hours_.all(); }

    // Vixie cron's notion of "restricted": the field's text does not start with `*`.
    bool day_of_month_restricted() const { return !day_of_month_star_; }
    bool day_of_week_restricted() const { return !day_of_week_star_; }

    // Whether a calendar day is selected (month 1-12, day 1-31, weekday 0-6 with 0 = Sunday). Vixie rule: when
    // both day fields are restricted a day matches if either does (`0 0 13 * 5` = every 13th and every Friday);
    // otherwise both must.
    bool matches_date(unsigned month, unsigned day_of_month, unsigned weekday) const;

private:
    CronExpression() = default;

    std::string text_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_of_month_;
    std::bitset<13> months_;
    std::bitset<7> days_of_week_;
    bool day_of_month_star_ = true;
    bool day_of_week_star_ = true;
};

}  // namespace dms::schedule
