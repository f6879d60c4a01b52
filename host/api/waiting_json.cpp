#include "api/waiting_json.hpp"

#include "api/task_json.hpp"

namespace dms::api {

nlohmann::json task_view_to_json(const service::TaskView& view, const util::TimeFormatter& time) {
    nlohmann::json json = task_to_json(view.task, time, view.position);
    if (!view.waiting) return json;
    const service::Waiting& waiting = *view.waiting;
    nlohmann::json& object = json["waiting"] = nlohmann::json::object();
    object["reason"] = waiting.reason;
    if (waiting.reason == "queued") {
        object["position"] = waiting.position ? nlohmann::json(*waiting.position) : nlohmann::json(nullptr);
    }
    object["estimated_start"] =
        waiting.estimated_start ? nlohmann::json(time.iso(*waiting.estimated_start)) : nlohmann::json(nullptr);
    return json;
}

nlohmann::json paused_to_json(const std::vector<std::string>& services) { return {{"paused_services", services}}; }

}  // namespace dms::api
