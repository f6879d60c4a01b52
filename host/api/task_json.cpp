#include "api/task_json.hpp"

namespace dms::api {
namespace {

nlohmann::json optional_time(const std::optional<task::Timestamp>& at, const util::TimeFormatter& time) {
    return at ? nlohmann::json(time.iso(*at)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json task_to_json(const task::Task& task, const util::TimeFormatter& time,
                            std::optional<std::int64_t> position) {
    // Built member by member: an initializer list would copy every value (parameters and result included) twice.
    nlohmann::json json = nlohmann::json::object();
    json["task_id"] = task.task_id;
    json["service"] = task.service;
    json["user_id"] = task.user_id;
    json["parameters"] = task.parameters;
    json["priority"] = task::to_string(task.priority);
    json["status"] = task::to_string(task.status);
    json["cancel_requested"] = task.cancel_requested;
    nlohmann::json& progress = json["progress"];
    progress["done"] = task.progress.done;
    progress["total"] = task.progress.total;
    progress["unit"] = task.progress.unit;
    progress["message"] = task.progress.message;
    json["attempts"] = task.attempts;
    json["max_retries"] = task.max_retries;
    json["failures"] = task.failures;
    json["timeout_seconds"] = task.timeout_seconds ? nlohmann::json(*task.timeout_seconds) : nlohmann::json(nullptr);
    json["next_run_at"] = optional_time(task.not_before, time);
    json["template_id"] = task.template_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(task.template_id);
    json["result"] = task.result;
    nlohmann::json& logs = json["logs"] = nlohmann::json::array();
    for (const task::LogEntry& entry : task.logs) logs.push_back(time.log_line(entry));
    json["log_count"] = task.log_count;
    json["created_at"] = time.iso(task.created_at);
    json["updated_at"] = time.iso(task.updated_at);
    json["started_at"] = optional_time(task.started_at, time);
    json["finished_at"] = optional_time(task.finished_at, time);
    if (task.status == task::Status::running) json["running_on"] = task.lease_owner;
    if (position) json["position"] = *position;
    nlohmann::json& history = json["attempt_history"] = nlohmann::json::array();
    for (const task::AttemptRecord& attempt : task.attempt_history) {
        nlohmann::json& entry = history.emplace_back(nlohmann::json::object());
        entry["number"] = attempt.number;
        entry["host"] = attempt.host;
        entry["outcome"] = attempt.outcome;
        entry["started_at"] = optional_time(attempt.started_at, time);
        entry["finished_at"] = time.iso(attempt.finished_at);
        entry["error"] = attempt.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(attempt.error);
    }
    return json;
}

nlohmann::json page_to_json(const store::TaskPage& page, const util::TimeFormatter& time) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const task::Task& task : page.tasks) {
        // Listings stay light: log lines are read one task at a time (log_count says how many there are).
        nlohmann::json json = task_to_json(task, time);
        json.erase("logs");
        json.erase("attempt_history");
        tasks.push_back(std::move(json));
    }
    return {{"tasks", std::move(tasks)},
            {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json(nullptr)}};
}

nlohmann::json stats_to_json(const store::Stats& stats, const util::TimeFormatter& time) {
    auto total = [&](const std::string& name) {
        auto found = stats.totals.find(name);
        return found == stats.totals.end() ? 0 : found->second;
    };
    auto current = [&](const std::string& status) {
        auto found = stats.by_status.find(status);
        return found == stats.by_status.end() ? 0 : found->second;
    };
    return {
        {"by_status", stats.by_status},
        {"by_service", stats.by_service},
        {"queued_by_priority", stats.queued_by_priority},
        {"totals", stats.totals},
        // The counters operators of the Redis scheduler read (seed 001), by their old names.
        {"queued", current("queued")},
        {"dispatched", total("dispatched")},
        {"canceled", total("cancelled")},
        {"last_updated", optional_time(stats.last_updated, time)},
    };
}

nlohmann::json blocks_to_json(const store::Blocks& blocks) {
    return {{"blocked", blocks.global}, {"blocked_users", blocks.users}};
}

}  // namespace dms::api
