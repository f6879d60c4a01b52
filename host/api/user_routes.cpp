#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

#include "api/handler.hpp"
#include "api/request_parsing.hpp"
#include "api/routes.hpp"
#include "api/task_json.hpp"
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

service::Scope user_scope(const RequestContext& context) {
    return {context.path_param("service"), required_user_id(context)};
}

}  // namespace

void add_user_routes(http::Router& router, const ApiContext& api) {
    const std::string base = api.prefix + "/services/{service}";

    router.add({Verb::get, base + "/users", http::Access::anyone, "Users who submitted tasks to the service",
                immediate([&api](const RequestContext& context) {
                    auto users = api.tasks.users_of(context.path_param("service"));
                    return http::json_response(context.request(), Status::ok, {{"users", users}});
                })});

    router.add({Verb::get, base + "/users/{user_id}/tasks", http::Access::anyone,
                "A user's tasks in the service, newest first; filters status, priority, limit, cursor",
                immediate([&api](const RequestContext& context) {
                    store::ListQuery query = parse_list_query(context, false);
                    query.service = context.path_param("service");
                    query.user_id = context.path_param("user_id");
                    return http::json_response(context.request(), Status::ok,
                                               page_to_json(api.tasks.list(query), api.time));
                })});

    router.add({Verb::post, base + "/users/{user_id}/tasks", http::Access::anyone,
                "Submit a task: query parameters become its parameters; or a JSON body "
                "{\"parameters\": {...}, \"priority\": \"high|mid|low\"}",
                translated([&api](const RequestContext& context) -> http::Awaitable<Response> {
                    task::Task task = co_await api.tasks.submit(parse_submission(context));
                    Response response = http::json_response(context.request(), Status::accepted,
                                                            task_to_json(task, api.time));
                    response.set(boost::beast::http::field::location, task_location(api, task));
                    co_return response;
                })});

    router.add({Verb::get, base + "/tasks/{task_id}", http::Access::anyone,
                "A task with its latest logs, scoped to ?user_id=; position while queued",
                immediate([&api](const RequestContext& context) {
                    auto view = api.tasks.get(user_scope(context), context.path_param("task_id"));
                    return http::json_response(context.request(), Status::ok,
                                               task_to_json(view.task, api.time, view.position));
                })});

    router.add({Verb::post, base + "/tasks/{task_id}/cancel", http::Access::anyone,
                "Cancel a queued or running task of ?user_id=",
                immediate([&api](const RequestContext& context) {
                    service::Scope scope = user_scope(context);
                    auto task = api.tasks.cancel(scope, context.path_param("task_id"),
                                                 actor(context, "user '" + *scope.user_id + "'"));
                    return http::json_response(context.request(), Status::ok, task_to_json(task, api.time));
                })});

    router.add({Verb::delete_, base + "/tasks/{task_id}", http::Access::anyone,
                "Delete a task of ?user_id= with its logs (a running one is stopped)",
                immediate([&api](const RequestContext& context) {
                    api.tasks.remove(user_scope(context), context.path_param("task_id"));
                    return http::empty_response(context.request(), Status::no_content);
                })});
}

}  // namespace dms::api
