#pragma once

#include <nlohmann/json.hpp>

#include "service/task_service.hpp"
#include "util/time_format.hpp"

namespace dms::api {

// A task as its GET shows it: task_to_json, its position while queued, and, while it waits, a `waiting` object
// {"reason", "position", "estimated_start"} (RFC 3339, or null when unknown).
nlohmann::json task_view_to_json(const service::TaskView& view, const util::TimeFormatter& time);

// {"paused_services": [...]}
nlohmann::json paused_to_json(const std::vector<std::string>& services);

}  // namespace dms::api
