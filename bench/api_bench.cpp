// The API's share of a request, without sockets: routing over the real route table, a submission's JSON, and a
// task's answer (timestamps in a zone with daylight saving, as DMS_TIMEZONE may ask).
#include <benchmark/benchmark.h>

#include <cctype>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "api/openapi_document.hpp"
#include "api/request_parsing.hpp"
#include "api/task_json.hpp"
#include "http/responses.hpp"
#include "http/router.hpp"
#include "util/ids.hpp"
#include "util/time_format.hpp"

namespace dms::api {
namespace {

using http::Request;
using http::Response;
using http::Verb;

Request submit_request() {
    Request request{Verb::post, "/api/v1/services/noop/users/bench/tasks?source=/data/in&destination=/data/out", 11};
    request.set(boost::beast::http::field::content_type, "application/json");
    request.body() = R"({"priority":"high","parameters":{"checksum":true,"note":"bench"}})";
    request.prepare_payload();
    return request;
}

// A finished task as a GET shows it: its last lines, one attempt, parameters.
task::Task finished_task() {
    task::Task task;
    task.seq = 42;
    task.task_id = util::new_task_id();
    task.service = "copy";
    task.user_id = "bench";
    task.status = task::Status::completed;
    task.parameters = {{"source", "/data/in"}, {"destination", "/data/out"}};
    task.created_at = task.updated_at = task::now();
    task.attempts = 1;
    task.attempt_started_at = task.finished_at = task::now();
    task.result = nlohmann::json{{"files", 12}, {"bytes", 1048576}};
    for (int i = 0; i < 5; ++i) task.logs.push_back({task::now(), "Copied file " + std::to_string(i) + " of 12"});
    task.log_count = 14;
    task.attempt_history.push_back({1, "host-a", "completed", task::now(), task::now(), ""});
    return task;
}

http::Awaitable<Response> answer_ok(const http::RequestContext& context) {
    co_return http::json_response(context.request(), http::Status::ok, nlohmann::json::object());
}

// What the dispatcher of every request pays before a handler runs: a match over all of the API's paths (taken
// from its OpenAPI document, so the table is as long as the real one) and a coroutine to answer in.
void BM_RouteSubmit(benchmark::State& state) {
    http::Router router([](std::string_view) { return true; });
    auto document = nlohmann::json::parse(openapi_document());
    const std::string prefix = document.at("servers").at(0).at("url");
    for (const auto& [relative, item] : document.at("paths").items()) {
        // The probes name a server of their own (the root); every other path is under the API prefix.
        std::string path = item.contains("servers") ? relative : prefix + relative;
        for (const auto& [method, operation] : item.items()) {
            std::string name = method;
            for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            Verb verb = boost::beast::http::string_to_verb(name);
            if (verb == Verb::unknown) continue;  // "parameters" and other keys beside the operations
            router.add({verb, path, http::Access::anyone, "bench", answer_ok});
        }
    }
    Request request = submit_request();
    boost::asio::io_context context;
    std::size_t matched = http::Router::kNoRoute;
    boost::asio::co_spawn(context, router.dispatch(request, {}, &matched), boost::asio::detached);
    context.run();
    context.restart();
    if (matched == http::Router::kNoRoute) state.SkipWithError("the submit path matched no route of the table");
    for (auto _ : state) {
        boost::asio::co_spawn(context, router.dispatch(request), boost::asio::detached);
        context.run();
        context.restart();
    }
    state.counters["routes"] = static_cast<double>(router.routes().size());
    state.SetItemsProcessed(state.iterations());
}

// A submission's query and JSON body into a SubmitRequest, as the submit handler reads it.
void BM_ParseSubmission(benchmark::State& state) {
    Request request = submit_request();
    std::vector<std::pair<std::string, std::string>> query{{"source", "/data/in"}, {"destination", "/data/out"}};
    for (auto _ : state) {
        http::RequestContext context(request, {{"service", "noop"}, {"user_id", "bench"}}, query);
        benchmark::DoNotOptimize(parse_submission(context));
    }
    state.SetItemsProcessed(state.iterations());
}

// A GET's answer body: the task to JSON and the JSON to text.
void BM_TaskAnswer(benchmark::State& state) {
    util::TimeFormatter time("Europe/Berlin");
    task::Task task = finished_task();
    for (auto _ : state) benchmark::DoNotOptimize(task_to_json(task, time).dump());
    state.SetItemsProcessed(state.iterations());
}

// One instant as ISO 8601 in a zone: a task's answer formats one per timestamp and log line.
void BM_TimeIso(benchmark::State& state) {
    util::TimeFormatter time("Europe/Berlin");
    auto at = task::now();
    for (auto _ : state) benchmark::DoNotOptimize(time.iso(at));
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_RouteSubmit);
BENCHMARK(BM_ParseSubmission);
BENCHMARK(BM_TaskAnswer);
BENCHMARK(BM_TimeIso);

}  // namespace
}  // namespace dms::api
