#pragma once

#include "http/request_context.hpp"
#include "service/task_service.hpp"
#include "store/task_store.hpp"

namespace dms::api {

// A submission from the request: query parameters become task parameters (as seed 002), and a JSON
// body {"parameters": {...}, "priority": "..."} may add parameters and set the priority. A name given
// twice, an unknown body field or a bad priority is a 400.
service::SubmitRequest parse_submission(const http::RequestContext& context);

// Filters and page of a listing: status, priority, limit (1 to 1000, default 100), cursor, and when
// `operator_filters` also service and user_id.
store::ListQuery parse_list_query(const http::RequestContext& context, bool operator_filters);

// The required ?user_id= of the user-scoped task routes.
std::string required_user_id(const http::RequestContext& context);

// {"priority": "high"} from the body.
task::Priority parse_priority_body(const http::RequestContext& context);

// Who did something, for a task's log line: `who` and the request's id, e.g. "operator (request 0190...)".
std::string actor(const http::RequestContext& context, std::string_view who);

}  // namespace dms::api
