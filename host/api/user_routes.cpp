#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

#include "api/audit_recording.hpp"
#include "api/handler.hpp"
#include "api/request_parsing.hpp"
#include "api/routes.hpp"
#include "api/task_json.hpp"
#include "api/waiting_json.hpp"
#include "auth/authorizer.hpp"
#include "http/responses.hpp"

namespace dms::api {
namespace {

using http::RequestContext;
using http::Response;
using http::Status;
using http::Verb;

// Where the new task can be read: {prefix}/services/{service}/tasks/{id}?user_id={user}, each part encoded.
std::string task_location(const ApiContext& api, const task::Task& task) {
    boost::urls::url location;
    location.set_path(api.prefix + "/services/" + task.service + "/tasks/" + task.task_id);
    // Encoded by hand: params() leaves '+' as is, which the query then decodes as a space (boostorg/url#903).
    location.encoded_params().append({"user_id", boost::urls::encode(task.user_id, boost::urls::unreserved_chars)});
    return std::string(location.buffer());
}

// The service and user of a task route, as far as the caller may act on them with `permission`.
service::Scope user_scope(const ApiContext& api, const RequestContext& context, auth::Permission permission) {
    const std::string& service = context.path_param("service");
    return {service, api.access.acting_user(context.caller(), permission, service, context.query_param("user_id"))};
}

// Who a task's log line names: the operator, or the user.
std::string who_acts(const RequestContext& context, const std::string& user_id) {
    return actor(context, context.caller().is_operator() ? std::string("operator") : "user '" + user_id + "'");
}

// An operator's cancel or delete of someone else's task goes to the audit trail.
void audit_if_operator(const ApiContext& api, const RequestContext& context, const std::string& action,
                       const service::Scope& scope) {
    const auth::Caller& caller = context.caller();
    if (!caller.is_operator() || caller.user_id == *scope.user_id) return;
    audit(api, context, action, context.path_param("task_id"),
          {{"service", *scope.service}, {"user_id", *scope.user_id}});
}

}  // namespace

void add_user_routes(http::Router& router, const ApiContext& api) {
    const std::string base = api.prefix + "/services/{service}";

    router.add({Verb::get, base + "/users", http::Access::user, "Users who submitted tasks to the service",
                immediate([&api](const RequestContext& context) {
                    const std::string& service = context.path_param("service");
                    auto users = api.access.visible_users(context.caller(), service, api.tasks.users_of(service));
                    return http::json_response(context.request(), Status::ok, {{"users", users}});
                })});

    router.add({Verb::get, base + "/users/{user_id}/tasks", http::Access::user,
                "A user's tasks in the service, newest first; filters status, priority, limit, cursor",
                immediate([&api](const RequestContext& context) {
                    store::ListQuery query = parse_list_query(context, false);
                    query.service = context.path_param("service");
                    query.user_id = api.access.acting_user(context.caller(), auth::Permission::read, *query.service,
                                                           context.path_param("user_id"));
                    return http::json_response(context.request(), Status::ok,
                                               page_to_json(api.tasks.list(query), api.time));
                })});

    router.add({Verb::post, base + "/users/{user_id}/tasks", http::Access::user,
                "Submit a task: query parameters become its parameters; or a JSON body "
                "{\"parameters\": {...}, \"priority\": \"high|mid|low\"}",
                translated([&api](const RequestContext& context) -> http::Awaitable<Response> {
                    service::TaskService::check_name("user_id", context.path_param("user_id"));
                    std::string user = api.access.submitting_user(context.caller(), context.path_param("service"),
                                                                  context.path_param("user_id"));
                    service::SubmitRequest submission = parse_submission(context);
                    submission.user_id = std::move(user);
                    task::Task task = co_await api.tasks.submit(std::move(submission));
                    Response response = http::json_response(context.request(), Status::accepted,
                                                            task_to_json(task, api.time));
                    response.set(boost::beast::http::field::location, task_location(api, task));
                    co_return response;
                })});

    router.add({Verb::get, base + "/tasks/{task_id}", http::Access::user,
                "A task with its latest logs, scoped to ?user_id=; position while queued",
                immediate([&api](const RequestContext& context) {
                    auto view = api.tasks.get(user_scope(api, context, auth::Permission::read),
                                              context.path_param("task_id"));
                    return http::json_response(context.request(), Status::ok,
                                               task_view_to_json(view, api.time));
                })});

    router.add({Verb::post, base + "/tasks/{task_id}/cancel", http::Access::user,
                "Cancel a queued or running task of ?user_id=",
                immediate([&api](const RequestContext& context) {
                    service::Scope scope = user_scope(api, context, auth::Permission::cancel);
                    auto task =
                        api.tasks.cancel(scope, context.path_param("task_id"), who_acts(context, *scope.user_id));
                    audit_if_operator(api, context, "task.cancel", scope);
                    return http::json_response(context.request(), Status::ok, task_to_json(task, api.time));
                })});

    router.add({Verb::delete_, base + "/tasks/{task_id}", http::Access::user,
                "Delete a task of ?user_id= with its logs (a running one is stopped)",
                immediate([&api](const RequestContext& context) {
                    service::Scope scope = user_scope(api, context, auth::Permission::delete_);
                    api.tasks.remove(scope, context.path_param("task_id"));
                    audit_if_operator(api, context, "task.delete", scope);
                    return http::empty_response(context.request(), Status::no_content);
                })});
}

}  // namespace dms::api
