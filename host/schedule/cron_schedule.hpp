#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "schedule/cron_expression.hpp"

namespace date {
class time_zone;
}

namespace dms::schedule {

// When a cron expression runs in one IANA time zone: the UTC instants of the local whole minutes it selects,
// from the tz database's rules (so recurring templates keep local wall-clock times across offset changes).
//
// Daylight saving and other offset changes, for a local time L the expression selects:
// - L skipped by a forward jump (02:30 on a US spring-forward day) runs once, at the first instant after the gap
//   (03:00 EDT). Several skipped times plus a real match at that instant still make one run.
// - L that occurs twice after a backward jump (01:30 on a US fall-back day) runs once, at its earlier instant.
// - Except when the hour field selects every hour (`*`, `*/1`, `0-23`, @hourly): such expressions follow real
//   time, like Vixie cron's wildcard jobs. Skipped times do not run at all and repeated times run at both
//   instants: `30 * * * *` runs 01:30 EST then 03:30 EDT in spring, and 01:30 EDT, 01:30 EST, 02:30 EST in autumn.
// No instant is ever produced twice, and instants come out strictly increasing.
class CronSchedule {
public:
    // How far ahead a search looks before giving up: every expression CronExpression accepts runs well within it
    // (Feb 29 within 8 years, 12 years across 2100; a date on a given weekday within 12).
    static constexpr std::chrono::days kDefaultHorizon{366 * 30};

    // Throws std::invalid_argument when `zone` is null. `horizon` is for tests; callers keep the default.
    CronSchedule(CronExpression expression, const date::time_zone* zone, std::chrono::days horizon = kDefaultHorizon);

    // The tz database's zone for an IANA name such as "Europe/London", or nullptr when it has none.
    static const date::time_zone* find_zone(std::string_view name);

    // The first run strictly after `after`, or nullopt when none lies within the horizon.
    std::optional<std::chrono::sys_seconds> next_after(std::chrono::sys_seconds after) const;

    // Up to `count` runs strictly after `after`, in order (fewer when the horizon ends first).
    std::vector<std::chrono::sys_seconds> next(std::chrono::sys_seconds after, std::size_t count) const;

    const CronExpression& expression() const { return expression_; }
    const date::time_zone* zone() const { return zone_; }

private:
    CronExpression expression_;
    const date::time_zone* zone_;
    std::chrono::days horizon_;
};

}  // namespace dms::schedule
