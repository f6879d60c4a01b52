#pragma once

#include <nlohmann/json.hpp>

#include "service/template_service.hpp"
#include "store/template_store.hpp"
#include "util/time_format.hpp"

namespace dms::api {

// A template as the API answers it: its schedule's instants in its own zone (RFC 3339 with that zone's offset) and
// in UTC; created_at and updated_at in the host's zone like tasks' times.
nlohmann::json template_to_json(const store::Template& definition, const util::TimeFormatter& time);

// {"templates": [...]}
nlohmann::json templates_to_json(const std::vector<store::Template>& templates, const util::TimeFormatter& time);

// {"template_id", "cron", "time_zone", "enabled", "runs": [{"at", "at_utc"}, ...]}
nlohmann::json preview_to_json(const service::TemplatePreview& preview);

}  // namespace dms::api
