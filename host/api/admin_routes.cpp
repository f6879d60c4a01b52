#include "api/audit_recording.hpp"
#include "api/handler.hpp"
#include "api/request_parsing.hpp"
#include "api/routes.hpp"
#include "api/task_json.hpp"
#include "api/waiting_json.hpp"
#include "http/api_error.hpp"
#include "http/responses.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;

// POST routes that flip a block and answer with the blocks as they now stand.
http::Handler block_handler(const ApiContext& api, bool blocked, bool per_user) {
    return immediate([&api, blocked, per_user](const RequestContext& context) {
        if (per_user) {
            api.tasks.set_user_block(context.path_param("user_id"), blocked);
            audit(api, context, blocked ? "user.block" : "user.unblock", context.path_param("user_id"));
        } else {
            api.tasks.set_global_block(blocked);
            audit(api, context, blocked ? "submissions.block" : "submissions.unblock", "all");
        }
        return http::json_response(context.request(), Status::ok, blocks_to_json(api.tasks.blocks()));
    });
}

}  // namespace

void add_admin_routes(http::Router& router, const ApiContext& api) {
    const std::string admin = api.prefix + "/admin";

    router.add({Verb::get, admin + "/tasks", Access::operator_only,
                "All tasks, newest first; filters service, user_id, status, priority, limit, cursor",
                immediate([&api](const RequestContext& context) {
                    auto page = api.tasks.list(parse_list_query(context, true));
                    return http::json_response(context.request(), Status::ok, page_to_json(page, api.time));
                })});

    router.add({Verb::get, admin + "/services/{service}/tasks", Access::operator_only,
                "Tasks of one service; filters user_id, status, priority, limit, cursor",
                immediate([&api](const RequestContext& context) {
                    store::ListQuery query = parse_list_query(context, true);
                    query.service = context.path_param("service");
                    return http::json_response(context.request(), Status::ok,
                                               page_to_json(api.tasks.list(query), api.time));
                })});

    router.add({Verb::get, admin + "/tasks/{task_id}", Access::operator_only, "Any task, with its position while queued",
                immediate([&api](const RequestContext& context) {
                    auto view = api.tasks.get({}, context.path_param("task_id"));
                    return http::json_response(context.request(), Status::ok,
                                               task_view_to_json(view, api.time));
                })});

    router.add({Verb::post, admin + "/tasks/{task_id}/cancel", Access::operator_only, "Cancel any task",
                immediate([&api](const RequestContext& context) {
                    auto task = api.tasks.cancel({}, context.path_param("task_id"), actor(context, "operator"));
                    audit(api, context, "task.cancel", task.task_id,
                          {{"service", task.service}, {"user_id", task.user_id}});
                    return http::json_response(context.request(), Status::ok, task_to_json(task, api.time));
                })});

    router.add({Verb::delete_, admin + "/tasks/{task_id}", Access::operator_only, "Delete any task with its logs",
                immediate([&api](const RequestContext& context) {
                    api.tasks.remove({}, context.path_param("task_id"));
                    audit(api, context, "task.delete", context.path_param("task_id"));
                    return http::empty_response(context.request(), Status::no_content);
                })});

    router.add({Verb::put, admin + "/tasks/{task_id}/priority", Access::operator_only,
                "Move a task to another queue: body {\"priority\": \"high|mid|low\"}; it keeps its submission order",
                immediate([&api](const RequestContext& context) {
                    auto task = api.tasks.set_priority(context.path_param("task_id"), parse_priority_body(context),
                                                       actor(context, "operator"));
                    audit(api, context, "task.priority", task.task_id,
                          {{"priority", task::to_string(task.priority)}});
                    return http::json_response(context.request(), Status::ok, task_to_json(task, api.time));
                })});

    router.add({Verb::get, admin + "/dead-letters", Access::operator_only,
                "Failed tasks (retries exhausted, or failed for good), newest first; filters service, user_id, "
                "priority, limit, cursor",
                immediate([&api](const RequestContext& context) {
                    store::ListQuery query = parse_list_query(context, true);
                    if (query.status && *query.status != task::Status::failed) {
                        throw http::ApiError(Status::bad_request, "bad_request",
                                             "dead letters are failed tasks; the status filter cannot be anything else");
                    }
                    query.status = task::Status::failed;
                    return http::json_response(context.request(), Status::ok,
                                               page_to_json(api.tasks.list(query), api.time));
                })});

    router.add({Verb::post, admin + "/tasks/{task_id}/retry", Access::operator_only,
                "Put a failed task back in its queue, in its original place, with a fresh retry budget",
                immediate([&api](const RequestContext& context) {
                    auto task = api.tasks.retry(context.path_param("task_id"), actor(context, "operator"));
                    audit(api, context, "task.retry", task.task_id);
                    return http::json_response(context.request(), Status::ok, task_to_json(task, api.time));
                })});

    router.add({Verb::post, admin + "/block", Access::operator_only, "Refuse all new submissions",
                block_handler(api, true, false)});
    router.add({Verb::post, admin + "/unblock", Access::operator_only, "Accept new submissions again",
                block_handler(api, false, false)});
    router.add({Verb::post, admin + "/users/{user_id}/block", Access::operator_only,
                "Refuse new submissions from one user", block_handler(api, true, true)});
    router.add({Verb::post, admin + "/users/{user_id}/unblock", Access::operator_only,
                "Accept one user's submissions again", block_handler(api, false, true)});

    router.add({Verb::get, admin + "/blocks", Access::operator_only, "The global block and the blocked users",
                immediate([&api](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok, blocks_to_json(api.tasks.blocks()));
                })});

    router.add({Verb::get, admin + "/stats", Access::operator_only,
                "Counts by status, service and priority, event totals, last_updated",
                immediate([&api](const RequestContext& context) {
                    nlohmann::json stats = stats_to_json(api.tasks.stats(), api.time);
                    stats["paused_services"] = api.tasks.paused_services();
                    return http::json_response(context.request(), Status::ok, stats);
                })});
}

}  // namespace dms::api
