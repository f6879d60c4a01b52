#include <memory>
#include <optional>

#include <spdlog/spdlog.h>

#include "api/handler.hpp"
#include "api/openapi_document.hpp"
#include "api/routes.hpp"
#include "http/responses.hpp"
#include "metrics/host_metrics.hpp"
#include "store/store_error.hpp"
#include "worker/worker_gateway.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;

// Plugin services, then those external workers run (DMS_EXTERNAL_SERVICES), which take any object as parameters.
nlohmann::json services_json(const ApiContext& api) {
    nlohmann::json services = nlohmann::json::array();
    for (const plugin::ServiceInfo& service : api.plugins.services()) {
        services.push_back({{"name", service.name},
                            {"description", service.description},
                            {"parameters", service.parameters},
                            {"plugin", service.plugin_name},
                            {"version", service.plugin_version},
                            {"runner", "plugin"}});
    }
    if (api.workers) {
        for (const std::string& name : api.workers->services()) {
            services.push_back({{"name", name},
                                {"description", "Run by external workers over HTTP"},
                                {"parameters", nlohmann::json::array()},
                                {"runner", "external"}});
        }
    }
    return services;
}

// The embedded OpenAPI document as this host serves it: its server URL is the configured prefix and its
// version the host's.
nlohmann::json served_openapi(const std::string& prefix) {
    nlohmann::json document = nlohmann::json::parse(openapi_document());
    document["servers"][0]["url"] = prefix.empty() ? "/" : prefix;
    document["info"]["version"] = DMS_VERSION;
    return document;
}

// The scrape: every metric, with the store's exact counts when it answers. A store that fails leaves the rest
// served (dms_store_up 0), since that is when operators need them most.
http::Response metrics_answer(const ApiContext& api, const RequestContext& context) {
    std::optional<store::Stats> stats;
    try {
        stats = api.tasks.stats();
    } catch (const store::StoreError& error) {
        spdlog::warn("metrics: cannot read the store's counts: {}", error.what());
    }
    return http::text_response(context.request(), Status::ok, metrics::HostMetrics::kContentType,
                               api.metrics.scrape(stats));
}

// The /help table's auth column: the header a route needs.
std::string_view auth_column(Access access) {
    switch (access) {
        case Access::anyone: return "none";
        case Access::operator_only: return "X-Operator-Token";
        case Access::user: return "x-api-key (DMS_AUTH_MODE=api-key)";
        case Access::worker: return "X-Worker-Token";
    }
    return "none";
}

}  // namespace

void add_system_routes(http::Router& router, const ApiContext& api) {
    router.add({Verb::get, "/healthz", Access::anyone, "Liveness: the process is up",
                immediate([](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok, {{"status", "ok"}});
                })});

    router.add({Verb::get, "/readyz", Access::anyone, "Readiness: the store answers and plugins are loaded",
                immediate([&api](const RequestContext& context) {
                    bool store_ok = api.store_healthy();
                    std::size_t plugins = api.plugins.plugin_count();
                    bool ready = store_ok && plugins > 0;
                    return http::json_response(context.request(), ready ? Status::ok : Status::service_unavailable,
                                               {{"status", ready ? "ready" : "not_ready"},
                                                {"store", store_ok ? "ok" : "unavailable"},
                                                {"plugins", plugins}});
                })});

    // At the root like the probes, with no token: Prometheus scrapes it as it finds it.
    router.add({Verb::get, "/metrics", Access::anyone,
                "Prometheus metrics: tasks, queues, task and HTTP latencies, transfers, failures",
                immediate([&api](const RequestContext& context) { return metrics_answer(api, context); })});

    router.add({Verb::get, api.prefix + "/help", Access::anyone, "This table: every route, who may call it, and what it does",
                immediate([&api, &router](const RequestContext& context) {
                    nlohmann::json routes = nlohmann::json::array();
                    for (const http::Route& route : router.routes()) {
                        routes.push_back({{"method", std::string(http::beast_http::to_string(route.method))},
                                          {"path", route.path},
                                          {"auth", auth_column(route.access)},
                                          {"description", route.description}});
                    }
                    return http::json_response(context.request(), Status::ok,
                                               {{"service", "dms-host"},
                                                {"version", DMS_VERSION},
                                                {"routes", std::move(routes)},
                                                {"services", services_json(api)},
                                                {"log_format", "<iso-timestamp>,<message> in " + api.time.zone_name()}});
                })});

    auto openapi = std::make_shared<const nlohmann::json>(served_openapi(api.prefix));
    router.add({Verb::get, api.prefix + "/openapi.json", Access::anyone,
                "The OpenAPI 3 document of this API: every route, body, answer and error",
                immediate([openapi](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok, *openapi);
                })});

    router.add({Verb::get, api.prefix + "/services", Access::anyone,
                "Services of the loaded plugins, with version, description and parameters, and those external workers run",
                immediate([&api](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok,
                                               {{"services", services_json(api)}});
                })});
}

}  // namespace dms::api
