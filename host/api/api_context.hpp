#pragma once

#include <functional>
#include <string>

#include "plugin/plugin_registry.hpp"
#include "service/task_service.hpp"
#include "util/time_format.hpp"

namespace dms::metrics {
class HostMetrics;
}
namespace dms::service {
class TemplateService;
}
namespace dms::worker {
class WorkerGateway;
}
namespace dms::auth {
class Authorizer;
class AuditTrail;
class KeyManager;
}  // namespace dms::auth

namespace dms::api {

// What the handlers work with; owned by the application, outliving the router.
struct ApiContext {
    service::TaskService& tasks;
    const plugin::PluginRegistry& plugins;
    const util::TimeFormatter& time;
    std::string prefix;                   // e.g. "/api/v1"
    std::function<bool()> store_healthy;  // for /readyz
    const metrics::HostMetrics& metrics;  // for /metrics
    const auth::Authorizer& access;       // whose tasks a caller may touch
    auth::AuditTrail& audit;              // operator actions, for /admin/audit
    auth::KeyManager& keys;               // API keys, for /admin/keys
    service::TemplateService* templates = nullptr;  // recurring templates; none: their routes are not offered
    worker::WorkerGateway* workers = nullptr;        // external workers; none: their routes are not offered
};

}  // namespace dms::api
