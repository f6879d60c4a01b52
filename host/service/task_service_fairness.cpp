// TaskService's fairness: the submission rate, paused services, and why a task waits.
#include <algorithm>

#include <spdlog/spdlog.h>

#include "service/rate_limited.hpp"
#include "service/service_error.hpp"
#include "service/task_service.hpp"

namespace dms::service {

void TaskService::check_submit_rate(const std::string& user_id) {
    auto retry_after = rate_limiter_.take(user_id);
    if (!retry_after) return;
    throw RateLimited("user '" + user_id + "' submits too fast: at most " + std::to_string(rate_limiter_.rate()) +
                          " a second (bursts of " + std::to_string(static_cast<long long>(rate_limiter_.burst())) +
                          "); retry in " + std::to_string(retry_after->count()) + " s",
                      *retry_after);
}

void TaskService::set_service_paused(const std::string& service, bool paused) {
    check_name("service", service);
    if (!is_service(service)) throw ServiceError(ErrorKind::unknown_service, "unknown service '" + service + "'");
    store_.set_service_paused(service, paused);
    spdlog::info("operator {} service '{}'", paused ? "paused" : "resumed", service);
    if (!paused) dispatcher_.notify_work();
}

std::vector<std::string> TaskService::paused_services() const { return store_.paused_services(); }

std::optional<Waiting> TaskService::waiting_of(const task::Task& task, std::optional<std::int64_t> position) const {
    if (task.status != task::Status::queued && !task::waits_for_time(task.status)) return std::nullopt;
    WaitingFacts facts;
    facts.position = position;
    auto paused = store_.paused_services();
    facts.service_paused = std::binary_search(paused.begin(), paused.end(), task.service);
    if (auto caps = fairness_.running_caps.find(task.service); caps != fairness_.running_caps.end()) {
        facts.caps = caps->second;
        facts.running = store_.running_count(task.service, task.user_id);
    }
    facts.per_second = dispatcher_.throughput().per_second();
    return explain_waiting(task, facts);
}

}  // namespace dms::service
