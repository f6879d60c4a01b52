#include "schedule/occurrence_plan.hpp"

#include <optional>

#include "schedule/cron_schedule.hpp"

namespace dms::schedule {
namespace {

using std::chrono::sys_seconds;

// Walking a long outage minute by minute is still cheap, but a bound keeps a broken clock from stalling the loop.
constexpr std::size_t kLongestWalk = 1'000'000;

std::optional<CronSchedule> schedule_of(const store::Template& due) {
    const date::time_zone* zone = CronSchedule::find_zone(due.time_zone);
    if (zone == nullptr) return std::nullopt;
    try {
        return CronSchedule(CronExpression::parse(due.cron), zone);
    } catch (const CronSyntaxError&) {
        return std::nullopt;
    }
}

task::Timestamp micros(sys_seconds at) { return std::chrono::time_point_cast<std::chrono::microseconds>(at); }

}  // namespace

OccurrencePlan plan_occurrence(const store::Template& due, task::Timestamp now) {
    OccurrencePlan plan;
    const task::Timestamp first = due.next_run_at.value_or(now);
    plan.request.template_id = due.template_id;
    plan.request.revision = due.revision;
    plan.request.expected_next_run = first;
    plan.request.occurrence = first;
    auto schedule = schedule_of(due);
    if (!schedule) return plan;

    // The latest occurrence at or before now, counting those passed on the way.
    const auto now_seconds = std::chrono::floor<std::chrono::seconds>(now);
    sys_seconds latest = std::chrono::floor<std::chrono::seconds>(first);
    std::optional<sys_seconds> after = schedule->next_after(latest);
    std::size_t due_count = 1;
    while (after && *after <= now_seconds && due_count < kLongestWalk) {
        latest = *after;
        after = schedule->next_after(latest);
        ++due_count;
    }
    if (after && *after <= now_seconds) after = schedule->next_after(now_seconds);
    plan.request.occurrence = micros(latest);
    if (after) plan.request.next_run_at = micros(*after);

    const bool on_time = due_count == 1 && now - first <= kOnTimeGrace;
    plan.missed = on_time ? 0 : due_count;
    plan.create_task = on_time || due.catch_up == store::CatchUpPolicy::run_once;
    return plan;
}

}  // namespace dms::schedule
