#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/api_context.hpp"
#include "auth/audit_trail.hpp"
#include "http/request_context.hpp"

namespace dms::api {

// Records an operator action of this request in the audit trail: the caller and address come from the request.
// Call it from a route once the change it audits has succeeded, e.g.
//   audit(api, context, "template.create", template_id, {{"cron", cron}});
inline void audit(const ApiContext& api, const http::RequestContext& context, std::string action, std::string target,
                  nlohmann::json details = nlohmann::json::object()) {
    api.audit.record(context.caller(), context.remote_address(), std::move(action), std::move(target),
                     std::move(details));
}

}  // namespace dms::api
