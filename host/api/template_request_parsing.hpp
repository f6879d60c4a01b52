#pragma once

#include <cstddef>

#include "http/request_context.hpp"
#include "service/template_service.hpp"

namespace dms::api {

// A template's fields from a JSON body: cron, time_zone, parameters, priority, max_retries, timeout_seconds (null:
// the service's default), overlap (skip | allow), catch_up (skip | run_once), enabled. A field of the wrong type or
// value, or an unknown one, is a 400; cron and time_zone are checked by the service.
service::TemplateChanges parse_template_body(const http::RequestContext& context);

// ?count= of a preview: 1 to TemplateService::kMostPreviewRuns, default 10. Anything else is a 400.
std::size_t parse_preview_count(const http::RequestContext& context);

}  // namespace dms::api
