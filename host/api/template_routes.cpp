// Recurring templates: a user's under /services/{service}/users/{user_id}/templates, everyone's under
// /admin/templates. The handlers parse, call TemplateService and answer; the rules live in the service.
#include <functional>

#include "api/audit_recording.hpp"
#include "api/handler.hpp"
#include "api/routes.hpp"
#include "api/template_json.hpp"
#include "api/template_request_parsing.hpp"
#include "auth/authorizer.hpp"
#include "http/api_error.hpp"
#include "http/responses.hpp"
#include "service/template_service.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;

using auth::Permission;

// Whose templates a route may touch with `permission`: on the user routes, the path's user of the path's service as
// far as the caller may act for them (like their tasks); on the operator routes, anyone's.
using ScopeOf = std::function<service::Scope(const RequestContext&, Permission)>;

ScopeOf user_scope(const ApiContext& api) {
    return [&api](const RequestContext& context, Permission permission) -> service::Scope {
        const std::string& service = context.path_param("service");
        return {service, api.access.acting_user(context.caller(), permission, service, context.path_param("user_id"))};
    };
}

service::Scope operator_scope(const RequestContext&, Permission) { return {}; }

// An operator's change to someone else's template goes to the audit trail, like their actions on tasks.
void audit_if_operator(const ApiContext& api, const RequestContext& context, const std::string& action,
                       const store::Template& changed) {
    const auth::Caller& caller = context.caller();
    if (!caller.is_operator() || caller.user_id == changed.user_id) return;
    audit(api, context, action, changed.template_id, {{"service", changed.service}, {"user_id", changed.user_id}});
}

// The routes on one template, the same for users and operators but for the scope and the access.
void add_item_routes(http::Router& router, const ApiContext& api, const std::string& item, Access access,
                     const ScopeOf& scope_of) {
    service::TemplateService& templates = *api.templates;
    router.add({Verb::get, item, access, "A recurring template with its next run",
                immediate([&api, &templates, scope_of](const RequestContext& context) {
                    auto found = templates.get(scope_of(context, Permission::read), context.path_param("template_id"));
                    return http::json_response(context.request(), Status::ok, template_to_json(found, api.time));
                })});
    for (bool replace : {true, false}) {
        router.add({replace ? Verb::put : Verb::patch, item, access,
                    replace ? "Replace a template's definition (absent fields take their defaults)"
                            : "Change some fields of a template",
                    immediate([&api, &templates, scope_of, replace](const RequestContext& context) {
                        auto changed =
                            templates.update(scope_of(context, Permission::submit), context.path_param("template_id"),
                                             parse_template_body(context), replace);
                        audit_if_operator(api, context, replace ? "template.replace" : "template.change", changed);
                        return http::json_response(context.request(), Status::ok, template_to_json(changed, api.time));
                    })});
    }
    router.add({Verb::delete_, item, access, "Delete a template (the tasks it created stay)",
                immediate([&api, &templates, scope_of](const RequestContext& context) {
                    auto removed =
                        templates.remove(scope_of(context, Permission::delete_), context.path_param("template_id"));
                    audit_if_operator(api, context, "template.delete", removed);
                    return http::empty_response(context.request(), Status::no_content);
                })});
    for (bool enabled : {true, false}) {
        router.add({Verb::post, item + (enabled ? "/enable" : "/disable"), access,
                    enabled ? "Enable a template: it runs from its next occurrence after now"
                            : "Disable a template: no more tasks until it is enabled",
                    immediate([&api, &templates, scope_of, enabled](const RequestContext& context) {
                        auto changed = templates.set_enabled(scope_of(context, Permission::submit),
                                                             context.path_param("template_id"), enabled);
                        audit_if_operator(api, context, enabled ? "template.enable" : "template.disable", changed);
                        return http::json_response(context.request(), Status::ok, template_to_json(changed, api.time));
                    })});
    }
    router.add({Verb::get, item + "/preview", access,
                "The template's next ?count= runs (1 to 100, default 10) in its zone and in UTC",
                immediate([&templates, scope_of](const RequestContext& context) {
                    auto preview = templates.preview(scope_of(context, Permission::read),
                                                     context.path_param("template_id"), parse_preview_count(context));
                    return http::json_response(context.request(), Status::ok, preview_to_json(preview));
                })});
}

}  // namespace

void add_template_routes(http::Router& router, const ApiContext& api) {
    if (api.templates == nullptr) return;
    service::TemplateService& templates = *api.templates;
    const std::string mine = api.prefix + "/services/{service}/users/{user_id}/templates";
    const std::string all = api.prefix + "/admin/templates";

    router.add({Verb::post, mine, Access::user,
                "Create a recurring template: {\"cron\", \"time_zone\", \"parameters\", \"priority\", \"max_retries\", "
                "\"timeout_seconds\", \"overlap\": \"skip|allow\", \"catch_up\": \"skip|run_once\", \"enabled\"}",
                immediate([&api, &templates](const RequestContext& context) {
                    service::TaskService::check_name("user_id", context.path_param("user_id"));
                    const std::string& service = context.path_param("service");
                    std::string user =
                        api.access.submitting_user(context.caller(), service, context.path_param("user_id"));
                    auto created = templates.create(service, user, parse_template_body(context));
                    audit_if_operator(api, context, "template.create", created);
                    http::Response response =
                        http::json_response(context.request(), Status::created, template_to_json(created, api.time));
                    response.set(boost::beast::http::field::location, api.prefix + "/services/" + created.service +
                                                                          "/users/" + created.user_id + "/templates/" +
                                                                          created.template_id);
                    return response;
                })});
    router.add({Verb::get, mine, Access::user, "A user's recurring templates in the service",
                immediate([&api, &templates](const RequestContext& context) {
                    auto found = templates.list(user_scope(api)(context, Permission::read));
                    return http::json_response(context.request(), Status::ok, templates_to_json(found, api.time));
                })});
    add_item_routes(router, api, mine + "/{template_id}", Access::user, user_scope(api));

    router.add({Verb::get, all, Access::operator_only, "Every recurring template; filters service, user_id",
                immediate([&api, &templates](const RequestContext& context) {
                    for (const auto& [name, value] : context.query()) {
                        if (name != "service" && name != "user_id") {
                            throw http::ApiError(Status::bad_request, "bad_request",
                                                 "unknown query parameter '" + name + "'");
                        }
                    }
                    auto found = templates.list({context.query_param("service"), context.query_param("user_id")});
                    return http::json_response(context.request(), Status::ok, templates_to_json(found, api.time));
                })});
    add_item_routes(router, api, all + "/{template_id}", Access::operator_only, operator_scope);
}

}  // namespace dms::api
