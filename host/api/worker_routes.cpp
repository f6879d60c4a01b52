// The external workers' routes: lease, heartbeat, log, progress, complete, fail. Each reads its body and calls the
// WorkerGateway; the rules live there.
#include "api/handler.hpp"
#include "api/routes.hpp"
#include "api/task_json.hpp"
#include "api/worker_json.hpp"
#include "http/api_error.hpp"
#include "http/responses.hpp"
#include "worker/worker_gateway.hpp"
#include "worker/worker_refusal.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;
using worker::WorkerRefusal;

http::ApiError to_api_error(const WorkerRefusal& refusal) {
    switch (refusal.kind()) {
        case WorkerRefusal::Kind::bad_request: return {Status::bad_request, "bad_request", refusal.what()};
        case WorkerRefusal::Kind::unknown_service:
            return {Status::unprocessable_entity, "unknown_service", refusal.what()};
        case WorkerRefusal::Kind::not_found: return {Status::not_found, "not_found", refusal.what()};
        case WorkerRefusal::Kind::lease_lost: return {Status::conflict, "lease_lost", refusal.what()};
    }
    return {Status::internal_server_error, "internal", refusal.what()};
}

// A worker route: the body as a JSON object in, the gateway's refusals out as their HTTP errors.
http::Handler worker_handler(std::function<nlohmann::json(const RequestContext&, const nlohmann::json& body)> act) {
    return immediate([act = std::move(act)](const RequestContext& context) {
        try {
            nlohmann::json body = context.has_body() ? context.json_object_body() : nlohmann::json::object();
            return http::json_response(context.request(), Status::ok, act(context, body));
        } catch (const WorkerRefusal& refusal) {
            throw to_api_error(refusal);
        }
    });
}

}  // namespace

void add_worker_routes(http::Router& router, const ApiContext& api) {
    worker::WorkerGateway& workers = *api.workers;
    const std::string base = api.prefix + "/workers";
    const std::string task = base + "/tasks/{task_id}";

    router.add({Verb::post, base + "/lease", Access::worker,
                "Lease tasks of external services: body {\"worker_id\", \"services\": [...], \"lease_seconds\": 30, "
                "\"max_tasks\": 1}; {\"tasks\": [...]}, empty when none waits",
                worker_handler([&api, &workers](const RequestContext&, const nlohmann::json& body) {
                    nlohmann::json tasks = nlohmann::json::array();
                    for (const auto& leased : workers.lease(parse_lease_order(body))) {
                        tasks.push_back(leased_task_to_json(leased, api.time));
                    }
                    return nlohmann::json{{"tasks", std::move(tasks)}};
                })});

    router.add({Verb::post, task + "/heartbeat", Access::worker,
                "Extend a leased attempt: body {\"attempt\", \"lease_seconds\"}; {\"lease_expires_at\", "
                "\"cancel_requested\"}; 409 lease_lost when the attempt is no longer current",
                worker_handler([&api, &workers](const RequestContext& context, const nlohmann::json& body) {
                    require_only_fields(body, {"attempt", "lease_seconds"});
                    auto answer = workers.heartbeat(parse_fence(context.path_param("task_id"), body),
                                                    number_field(body, "lease_seconds", 30));
                    return nlohmann::json{{"lease_expires_at", api.time.iso(answer.lease_expires_at)},
                                          {"cancel_requested", answer.cancel_requested}};
                })});

    router.add({Verb::post, task + "/log", Access::worker, "Append a line to the task's log: body {\"attempt\", \"message\"}",
                worker_handler([&workers](const RequestContext& context, const nlohmann::json& body) {
                    require_only_fields(body, {"attempt", "message"});
                    workers.append_log(parse_fence(context.path_param("task_id"), body),
                                       string_field(body, "message", true));
                    return nlohmann::json{{"ok", true}};
                })});

    router.add({Verb::post, task + "/progress", Access::worker,
                "Report progress: body {\"attempt\", \"done\", \"total\", \"unit\", \"message\"}",
                worker_handler([&workers](const RequestContext& context, const nlohmann::json& body) {
                    require_only_fields(body, {"attempt", "done", "total", "unit", "message"});
                    task::Progress progress{number_field(body, "done", 0), number_field(body, "total", 0),
                                            string_field(body, "unit", false), string_field(body, "message", false)};
                    workers.report_progress(parse_fence(context.path_param("task_id"), body), progress);
                    return nlohmann::json{{"ok", true}};
                })});

    router.add({Verb::post, task + "/complete", Access::worker,
                "End the attempt completed: body {\"attempt\", \"result\": {...}}; the task afterwards",
                worker_handler([&api, &workers](const RequestContext& context, const nlohmann::json& body) {
                    require_only_fields(body, {"attempt", "result"});
                    nlohmann::json result = body.value("result", nlohmann::json::object());
                    auto ended = workers.complete(parse_fence(context.path_param("task_id"), body), std::move(result));
                    return task_to_json(ended, api.time);
                })});

    router.add({Verb::post, task + "/fail", Access::worker,
                "End the attempt failed: body {\"attempt\", \"error\", \"permanent\": false, \"result\": {...}}; "
                "retried by the retry policy, else failed; cancelled when a cancel was requested",
                worker_handler([&api, &workers](const RequestContext& context, const nlohmann::json& body) {
                    require_only_fields(body, {"attempt", "error", "permanent", "result"});
                    worker::FailureReport report{string_field(body, "error", true), false,
                                                 body.value("result", nlohmann::json::object())};
                    if (auto permanent = body.find("permanent"); permanent != body.end()) {
                        if (!permanent->is_boolean()) {
                            throw http::ApiError(Status::bad_request, "bad_request", "\"permanent\" must be true or false");
                        }
                        report.permanent = permanent->get<bool>();
                    }
                    auto ended = workers.fail(parse_fence(context.path_param("task_id"), body), std::move(report));
                    return task_to_json(ended, api.time);
                })});
}

}  // namespace dms::api
