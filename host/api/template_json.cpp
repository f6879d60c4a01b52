#include "api/template_json.hpp"

#include "schedule/cron_schedule.hpp"
#include "schedule/zoned_time_format.hpp"

namespace dms::api {
namespace {

// An instant of the template's schedule in its zone (UTC if the zone is no longer known).
nlohmann::json in_zone(const std::optional<task::Timestamp>& at, const date::time_zone* zone) {
    if (!at) return nullptr;
    auto seconds = std::chrono::floor<std::chrono::seconds>(*at);
    return zone ? schedule::format_in_zone(seconds, zone) : schedule::format_utc(seconds);
}

nlohmann::json in_utc(const std::optional<task::Timestamp>& at) {
    if (!at) return nullptr;
    return schedule::format_utc(std::chrono::floor<std::chrono::seconds>(*at));
}

}  // namespace

nlohmann::json template_to_json(const store::Template& definition, const util::TimeFormatter& time) {
    const date::time_zone* zone = schedule::CronSchedule::find_zone(definition.time_zone);
    nlohmann::json json = nlohmann::json::object();
    json["template_id"] = definition.template_id;
    json["service"] = definition.service;
    json["user_id"] = definition.user_id;
    json["cron"] = definition.cron;
    json["time_zone"] = definition.time_zone;
    json["parameters"] = definition.parameters;
    json["priority"] = task::to_string(definition.priority);
    json["max_retries"] = definition.max_retries ? nlohmann::json(*definition.max_retries) : nlohmann::json(nullptr);
    json["timeout_seconds"] =
        definition.timeout_seconds ? nlohmann::json(*definition.timeout_seconds) : nlohmann::json(nullptr);
    json["overlap"] = store::to_string(definition.overlap);
    json["catch_up"] = store::to_string(definition.catch_up);
    json["enabled"] = definition.enabled;
    json["next_run_at"] = in_zone(definition.next_run_at, zone);
    json["next_run_at_utc"] = in_utc(definition.next_run_at);
    json["last_occurrence"] = in_zone(definition.last_occurrence, zone);
    json["last_task_id"] =
        definition.last_task_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(definition.last_task_id);
    json["revision"] = definition.revision;
    json["created_at"] = time.iso(definition.created_at);
    json["updated_at"] = time.iso(definition.updated_at);
    return json;
}

nlohmann::json templates_to_json(const std::vector<store::Template>& templates, const util::TimeFormatter& time) {
    nlohmann::json list = nlohmann::json::array();
    for (const store::Template& definition : templates) list.push_back(template_to_json(definition, time));
    return {{"templates", std::move(list)}};
}

nlohmann::json preview_to_json(const service::TemplatePreview& preview) {
    const store::Template& definition = preview.definition;
    const date::time_zone* zone = schedule::CronSchedule::find_zone(definition.time_zone);
    nlohmann::json runs = nlohmann::json::array();
    for (std::chrono::sys_seconds at : preview.runs) {
        runs.push_back({{"at", zone ? schedule::format_in_zone(at, zone) : schedule::format_utc(at)},
                        {"at_utc", schedule::format_utc(at)}});
    }
    return {{"template_id", definition.template_id},
            {"cron", definition.cron},
            {"time_zone", definition.time_zone},
            {"enabled", definition.enabled},
            {"runs", std::move(runs)}};
}

}  // namespace dms::api
