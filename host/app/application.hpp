#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"

namespace dms::util {
class TimeFormatter;
}
namespace dms::store {
class TaskStore;
class AccessStore;
class TemplateStore;
class GroupCommitter;
}  // namespace dms::store
namespace dms::plugin {
class PluginRegistry;
}
namespace dms::dispatch {
class Dispatcher;
}
namespace dms::schedule {
class TemplateScheduler;
}
namespace dms::metrics {
class HostMetrics;
}
namespace dms::service {
class TaskService;
class TemplateService;
}
namespace dms::api {
struct ApiContext;
}
namespace dms::auth {
class Authenticator;
class Authorizer;
class AuditTrail;
class KeyManager;
}  // namespace dms::auth
namespace dms::http {
class Router;
class Server;
}  // namespace dms::http
namespace dms::worker {
class WorkerGateway;
}

namespace dms::app {

class DataDirLock;
class Maintenance;

// The whole host, wired: store, plugins, dispatcher, service, HTTP server and upkeep. main() runs one;
// tests run one in-process on port 0.
class Application {
public:
    explicit Application(config::Config config);
    ~Application();

    // Opens the store, returns interrupted tasks to their queues, loads the plugins, then serves.
    void start();

    std::uint16_t port() const { return port_; }
    const std::string& operator_token() const { return operator_token_; }
    // X-Worker-Token of the external workers; empty when DMS_EXTERNAL_SERVICES names none.
    const std::string& worker_token() const { return worker_token_; }
    const std::string& host_id() const { return host_id_; }

    // The route table the server answers from (after start()), for tests that hold the API's
    // description to it.
    const http::Router& router() const;

    // Plugin calls still running after the host ended their task (cancel grace ran out).
    std::size_t abandoned_plugin_calls() const;

    // Stops accepting, lets running tasks finish within the shutdown grace, requeues the rest, and stops
    // every thread. Idempotent.
    void shutdown();

    // start(), then serve until SIGINT or SIGTERM, then shutdown(). Returns the process exit code.
    int run_until_signal();

private:
    void recover_interrupted_tasks();
    void write_port_file() const;

    config::Config config_;
    std::string operator_token_;
    std::string worker_token_;
    std::string host_id_;
    std::uint16_t port_ = 0;
    bool running_ = false;

    std::unique_ptr<DataDirLock> lock_;
    std::unique_ptr<util::TimeFormatter> time_;
    std::unique_ptr<store::TaskStore> store_;
    std::unique_ptr<store::TemplateStore> template_store_;  // in the same database as the tasks
    std::unique_ptr<store::AccessStore> access_store_;  // keys and audit, beside the tasks
    std::unique_ptr<auth::AuditTrail> audit_;
    std::unique_ptr<auth::KeyManager> keys_;
    std::unique_ptr<auth::Authorizer> authorizer_;
    std::unique_ptr<auth::Authenticator> authenticator_;
    std::unique_ptr<plugin::PluginRegistry> plugins_;
    std::unique_ptr<metrics::HostMetrics> metrics_;  // before the server and dispatcher, which report to it
    std::unique_ptr<dispatch::Dispatcher> dispatcher_;
    std::unique_ptr<store::GroupCommitter> committer_;  // after the dispatcher, which its commits wake
    std::unique_ptr<service::TaskService> tasks_;
    std::unique_ptr<schedule::TemplateScheduler> template_scheduler_;  // creates recurring templates' tasks
    std::unique_ptr<service::TemplateService> templates_;
    std::unique_ptr<worker::WorkerGateway> workers_;  // the external workers' side of the store
    std::unique_ptr<api::ApiContext> api_;
    std::unique_ptr<http::Router> router_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<Maintenance> maintenance_;
};

}  // namespace dms::app
