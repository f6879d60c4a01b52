// Operator routes on whole services: pause and resume a service's queue, list the paused ones.
#include "api/audit_recording.hpp"
#include "api/handler.hpp"
#include "api/routes.hpp"
#include "api/waiting_json.hpp"
#include "http/responses.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;

// POST routes that pause or resume a service and answer with the paused services as they now stand.
http::Handler pause_handler(const ApiContext& api, bool paused) {
    return immediate([&api, paused](const RequestContext& context) {
        const std::string& service = context.path_param("service");
        api.tasks.set_service_paused(service, paused);
        audit(api, context, paused ? "service.pause" : "service.resume", service);
        return http::json_response(context.request(), Status::ok, paused_to_json(api.tasks.paused_services()));
    });
}

}  // namespace

void add_service_admin_routes(http::Router& router, const ApiContext& api) {
    const std::string services = api.prefix + "/admin/services";

    router.add({Verb::get, services + "/paused", Access::operator_only, "The services whose queues are paused",
                immediate([&api](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok,
                                               paused_to_json(api.tasks.paused_services()));
                })});
    router.add({Verb::post, services + "/{service}/pause", Access::operator_only,
                "Pause a service's queue: its queued tasks wait, running ones finish", pause_handler(api, true)});
    router.add({Verb::post, services + "/{service}/resume", Access::operator_only,
                "Resume a paused service's queue", pause_handler(api, false)});
}

}  // namespace dms::api
