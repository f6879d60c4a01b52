#include "schedule/template_scheduler.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "schedule/cron_schedule.hpp"
#include "schedule/occurrence_plan.hpp"
#include "schedule/zoned_time_format.hpp"
#include "util/ids.hpp"
#include "util/thread_name.hpp"

namespace dms::schedule {
namespace {

using std::chrono::milliseconds;

// Due templates are read in pages of this many, so a large backlog never loads all at once.
constexpr std::size_t kPage = 100;
// Pages per pass: a pass always ends, even if others keep making templates due as fast as it reads them.
constexpr std::size_t kMostPages = 100;
// The shortest sleep between passes: a template left due (its fire failed) must not spin the loop.
constexpr milliseconds kShortestSleep{50};

// The occurrence as the template's owner reads it: in its own zone, and in UTC.
std::string describe(const store::Template& due, task::Timestamp occurrence) {
    auto seconds = std::chrono::floor<std::chrono::seconds>(occurrence);
    const date::time_zone* zone = CronSchedule::find_zone(due.time_zone);
    if (zone == nullptr) return format_utc(seconds);
    return format_in_zone(seconds, zone) + " (" + due.time_zone + ")";
}

bool blocked(const store::Blocks& blocks, const std::string& user_id) {
    return blocks.global || std::binary_search(blocks.users.begin(), blocks.users.end(), user_id);
}

}  // namespace

TemplateScheduler::TemplateScheduler(store::TemplateStore& templates, store::TaskStore& tasks,
                                     TemplateSchedulerOptions options)
    : templates_(templates), tasks_(tasks), options_(std::move(options)) {}

TemplateScheduler::~TemplateScheduler() { stop(); }

void TemplateScheduler::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] {
        util::name_this_thread("dms-schedule");
        loop();
    });
}

void TemplateScheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void TemplateScheduler::notify_changed() {
    {
        std::lock_guard lock(mutex_);
        changed_ = true;
    }
    wake_.notify_all();
}

void TemplateScheduler::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        changed_ = false;
        lock.unlock();
        milliseconds sleep = options_.longest_sleep;
        try {
            fire_due(options_.clock());
            sleep = sleep_after_pass();
            if (failing_) spdlog::info("template scheduler: the store answers again");
            failing_ = false;
        } catch (const std::exception& error) {
            // Once per outage, not once a second.
            if (!failing_) spdlog::warn("template scheduler: {}; trying again every second", error.what());
            failing_ = true;
        }
        lock.lock();
        wake_.wait_for(lock, sleep, [this] { return stopping_ || changed_; });
    }
}

milliseconds TemplateScheduler::sleep_after_pass() {
    auto earliest = templates_.earliest_next_run();
    if (!earliest) return options_.longest_sleep;
    auto until = std::chrono::ceil<milliseconds>(*earliest - options_.clock());
    return std::clamp(until, kShortestSleep, options_.longest_sleep);
}

std::vector<task::Task> TemplateScheduler::fire_due(task::Timestamp now) {
    std::vector<task::Task> created;
    const store::Blocks blocks = tasks_.blocks();
    for (std::size_t page = 0; page < kMostPages; ++page) {
        auto due = templates_.due(now, kPage);
        std::size_t handled = 0;
        for (const store::Template& one : due) {
            try {
                if (auto task = fire_one(one, now, blocks)) created.push_back(std::move(*task));
                ++handled;
            } catch (const std::exception& error) {
                spdlog::warn("template {}: its occurrence was not handled: {}", one.template_id, error.what());
            }
        }
        // A full page all handled: more may be due. Otherwise the rest waits for the next pass.
        if (due.size() < kPage || handled < due.size()) break;
    }
    if (!created.empty() && options_.on_task_created) options_.on_task_created();
    return created;
}

std::optional<task::Task> TemplateScheduler::fire_one(const store::Template& due, task::Timestamp now,
                                                      const store::Blocks& blocks) {
    OccurrencePlan plan = plan_occurrence(due, now);
    const std::string occurrence = describe(due, plan.request.occurrence);
    if (plan.create_task && blocked(blocks, due.user_id)) {
        spdlog::warn("template {}: occurrence {} passed over: submissions of user '{}' are blocked", due.template_id,
                     occurrence, due.user_id);
        plan.create_task = false;
    }
    if (plan.create_task) plan.request.task = task_for(due, plan.request.occurrence, plan.missed);
    store::FireResult result = templates_.fire(plan.request);
    switch (result.outcome) {
        case store::FireOutcome::fired:
            spdlog::info("template {}: occurrence {} created task {}", due.template_id, occurrence,
                         result.task->task_id);
            break;
        case store::FireOutcome::overlap:
            spdlog::info("template {}: occurrence {} skipped: its previous task {} has not finished", due.template_id,
                         occurrence, due.last_task_id);
            break;
        case store::FireOutcome::passed:
            if (!plan.request.next_run_at) {
                spdlog::warn("template {}: disabled, its schedule has no further run", due.template_id);
            } else if (plan.missed > 0) {
                spdlog::info("template {}: {} missed occurrence(s) up to {} passed over (catch-up skip)",
                             due.template_id, plan.missed, occurrence);
            }
            break;
        case store::FireOutcome::lost:
            break;  // another host took it, or the template changed meanwhile
    }
    return std::move(result.task);
}

task::Task TemplateScheduler::task_for(const store::Template& due, task::Timestamp occurrence,
                                       std::size_t missed) const {
    task::Task task;
    task.task_id = util::new_task_id();
    task.service = due.service;
    task.user_id = due.user_id;
    task.parameters = due.parameters;
    task.priority = due.priority;
    auto service_default = options_.max_retries.find(due.service);
    task.max_retries =
        due.max_retries.value_or(service_default == options_.max_retries.end() ? 0 : service_default->second);
    task.timeout_seconds = due.timeout_seconds;
    task.created_at = task.updated_at = options_.clock();
    task.template_id = due.template_id;
    std::string line =
        "Task queued by template " + due.template_id + " for its occurrence " + describe(due, occurrence);
    if (missed > 0) line += ", catching up " + std::to_string(missed) + " missed occurrence(s)";
    task.logs = {{task.created_at, std::move(line)}};
    return task;
}

}  // namespace dms::schedule
