#include "schedule/cron_schedule.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <date/tz.h>

namespace dms::schedule {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;
using LocalMinute = date::local_time<std::chrono::minutes>;

// Before this the previous offset is not looked up: the zone's first period starts at the start of time.
constexpr sys_seconds kFarPast = date::sys_days{date::year{1000} / 1 / 1};

date::local_seconds to_local(sys_seconds at, seconds offset) {
    return date::local_seconds{(at + offset).time_since_epoch()};
}

// The first local whole minute in [from, until) the expression selects, on a plain calendar with no time zone.
// Walks days, skipping whole months and non-matching days at once, then hours and minutes of a matching day.
std::optional<date::local_seconds> first_local_match(const CronExpression& expression, date::local_seconds from,
                                                     date::local_seconds until) {
    LocalMinute at = date::ceil<std::chrono::minutes>(from);
    while (at < until) {
        const date::local_days day = date::floor<date::days>(at);
        const date::year_month_day ymd{day};
        const auto month = static_cast<unsigned>(ymd.month());
        if (!expression.months().test(month)) {
            at = date::local_days{(date::year_month{ymd.year(), ymd.month()} + date::months{1}) / 1};
            continue;
        }
        if (expression.matches_date(month, static_cast<unsigned>(ymd.day()), date::weekday{day}.c_encoding())) {
            const auto minute_of_day = static_cast<unsigned>((at - day).count());
            unsigned minute = minute_of_day % 60;
            for (unsigned hour = minute_of_day / 60; hour < 24; ++hour, minute = 0) {
                if (!expression.hours().test(hour)) continue;
                for (; minute < 60; ++minute) {
                    if (!expression.minutes().test(minute)) continue;
                    const LocalMinute found = day + std::chrono::hours{hour} + std::chrono::minutes{minute};
                    if (found >= until) return std::nullopt;
                    return date::local_seconds{found};
                }
            }
        }
        at = day + date::days{1};
    }
    return std::nullopt;
}

}  // namespace

CronSchedule::CronSchedule(CronExpression expression, const date::time_zone* zone, std::chrono::days horizon)
    : expression_(std::move(expression)), zone_(zone), horizon_(horizon) {
    if (zone_ == nullptr) throw std::invalid_argument("cron schedule needs a time zone");
}

const date::time_zone* CronSchedule::find_zone(std::string_view name) {
    if (name.empty()) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;
    }
}

// Walks the zone's periods of constant offset (sys_info) from `after`. Inside one period local time is sys time plus
// the offset, so the first match is a plain calendar search; the edges between periods carry the DST rules.
std::optional<sys_seconds> CronSchedule::next_after(sys_seconds after) const {
    const sys_seconds start = after + seconds{1};
    const sys_seconds limit = after + horizon_;
    const bool real_time = expression_.every_hour();
    date::sys_info period = zone_->get_info(start);
    seconds previous_offset =
        period.begin > kFarPast ? zone_->get_info(period.begin - seconds{1}).offset : period.offset;
    while (period.begin < limit) {
        const seconds offset = period.offset;
        // A forward jump at period.begin skipped local times [begin + previous, begin + offset): any match among
        // them runs once, at the jump.
        if (!real_time && period.begin >= start && previous_offset < offset &&
            first_local_match(expression_, to_local(period.begin, previous_offset), to_local(period.begin, offset))) {
            return period.begin;
        }
        sys_seconds from = std::max(start, period.begin);
        // After a backward jump, local times the previous period already showed ran there, at their earlier instant.
        if (!real_time && previous_offset > offset) from = std::max(from, period.begin + (previous_offset - offset));
        const sys_seconds until = std::min(period.end, limit);
        if (from < until) {
            if (auto local = first_local_match(expression_, to_local(from, offset), to_local(until, offset))) {
                return sys_seconds{local->time_since_epoch()} - offset;
            }
        }
        if (period.end >= limit) break;
        previous_offset = offset;
        period = zone_->get_info(period.end);
    }
    return std::nullopt;
}

std::vector<sys_seconds> CronSchedule::next(sys_seconds after, std::size_t count) const {
    std::vector<sys_seconds> runs;
    runs.reserve(std::min<std::size_t>(count, 1024));
    while (runs.size() < count) {
        auto run = next_after(runs.empty() ? after : runs.back());
        if (!run) break;
        runs.push_back(*run);
    }
    return runs;
}

}  // namespace dms::schedule
