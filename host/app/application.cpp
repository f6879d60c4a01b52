#include "app/application.hpp"

#include <unistd.h>

#include <csignal>
#include <fstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "api/authentication.hpp"
#include "api/handler.hpp"
#include "api/routes.hpp"
#include "app/data_dir_lock.hpp"
#include "app/maintenance.hpp"
#include "auth/audit_trail.hpp"
#include "auth/authenticator.hpp"
#include "auth/authorizer.hpp"
#include "auth/key_manager.hpp"
#include "config/config_loader.hpp"
#include "config/operator_token.hpp"
#include "dispatch/dispatcher.hpp"
#include "http/server.hpp"
#include "metrics/host_metrics.hpp"
#include "plugin/host_settings.hpp"
#include "plugin/plugin_registry.hpp"
#include "schedule/template_scheduler.hpp"
#include "service/task_service.hpp"
#include "service/template_service.hpp"
#include "store/group_commit.hpp"
#include "store/redis_access_store.hpp"
#include "store/redis_store.hpp"
#include "store/sqlite_access_store.hpp"
#include "store/sqlite_store.hpp"
#include "store/template_store_factory.hpp"
#include "task/priority.hpp"
#include "util/secrets.hpp"
#include "util/time_format.hpp"
#include "worker/worker_gateway.hpp"

namespace dms::app {
namespace {

using std::chrono::milliseconds;

milliseconds millis(double seconds) { return milliseconds(static_cast<std::int64_t>(seconds * 1000)); }

std::string hostname() {
    char name[256] = {};
    if (::gethostname(name, sizeof(name) - 1) != 0) return "localhost";
    return name;
}

// DMS_STORE: the embedded SQLite file in the data directory, or the shared Redis (reads from DMS_REDIS_READ_URL).
store::RedisStoreOptions redis_options(const config::Config& config) {
    store::RedisStoreOptions options;
    options.write = store::redis::parse_url(config.redis_write_url);
    if (!config.redis_read_url.empty()) options.read = store::redis::parse_url(config.redis_read_url);
    options.connect_timeout = options.command_timeout = millis(config.redis_timeout_seconds);
    return options;
}

// DMS_SQLITE_LOCKING, validated by then.
store::sqlite::FileLocking sqlite_locking(const config::Config& config) {
    return config.sqlite_locking == "shared" ? store::sqlite::FileLocking::shared : store::sqlite::FileLocking::exclusive;
}

std::unique_ptr<store::TaskStore> make_store(const config::Config& config) {
    if (config.store != "redis") {
        return std::make_unique<store::SqliteStore>(config.data_dir / "dms.sqlite3", sqlite_locking(config));
    }
    return std::make_unique<store::RedisStore>(redis_options(config));
}

// Keys and the audit chain live beside the tasks: the same SQLite file, or the same Redis primary.
std::unique_ptr<store::AccessStore> make_access_store(const config::Config& config) {
    if (config.store != "redis") {
        return std::make_unique<store::SqliteAccessStore>(config.data_dir / "dms.sqlite3", sqlite_locking(config));
    }
    return std::make_unique<store::RedisAccessStore>(redis_options(config));
}

// Where the store is, for the start-up line (never a password).
std::string store_description(const config::Config& config) {
    if (config.store != "redis") return (config.data_dir / "dms.sqlite3").string();
    return "redis " + store::redis::parse_url(config.redis_write_url).address();
}

// DMS_SERVICE_ISOLATION: the services whose attempts run in a dms-runner process, each under its limits.
void isolate_services(plugin::PluginRegistry& plugins, const config::Config& config) {
    const std::filesystem::path runner =
        config.runner_path.empty() ? std::filesystem::path(config::default_runner_path()) : config.runner_path;
    for (const auto& [service, isolation] : config.service_overrides.isolation) {
        if (isolation == config::Isolation::runner && !plugins.find(service)) {
            spdlog::warn("DMS_SERVICE_ISOLATION names service '{}', which no plugin provides", service);
        }
    }
    for (const auto& service : plugins.services()) {
        const config::ServicePolicy policy = config.policy_for(service.name);
        if (policy.isolation != config::Isolation::runner) continue;
        const config::RunnerLimits& limits = policy.runner_limits;
        plugins.isolate(service.name, {runner, limits, millis(config.cancel_grace_seconds)});
        spdlog::info("service '{}' runs in {} processes (limits, 0 for none: {} CPU seconds, {} MiB, {} open files)",
                     service.name, runner.string(), limits.cpu_seconds, limits.memory_mb, limits.open_files);
        if (::access(runner.c_str(), X_OK) != 0) {
            spdlog::error("{} is not an executable: tasks of service '{}' will fail", runner.string(), service.name);
        }
    }
}

// DMS_EXTERNAL_SERVICES: valid names that no plugin provides, since a service has one runner, a plugin or workers.
std::set<std::string, std::less<>> external_services(const config::Config& config,
                                                     const plugin::PluginRegistry& plugins) {
    std::set<std::string, std::less<>> services;
    for (const auto& service : config.external_services) {
        service::TaskService::check_name("DMS_EXTERNAL_SERVICES: service", service);
        if (const auto* provided = plugins.find(service)) {
            throw std::invalid_argument("DMS_EXTERNAL_SERVICES names service '" + service +
                                        "', which plugin '" + provided->plugin_name +
                                        "' provides: a service is run by a plugin or by external workers, not both");
        }
        services.insert(service);
        spdlog::info("service '{}' is run by external workers (X-Worker-Token)", service);
    }
    return services;
}

// Waits for the next signal: SIGHUP reloads the TLS certificate and waits again, SIGINT or SIGTERM ends the wait.
void await_signal(boost::asio::signal_set& signals, http::Server& server) {
    signals.async_wait([&signals, &server](const boost::system::error_code& error, int signal) {
        if (error) return;
        if (signal == SIGHUP) {
            spdlog::info("received SIGHUP: reloading the TLS certificate");
            server.reload_certificate();
            await_signal(signals, server);
            return;
        }
        spdlog::info("received signal {}", signal);
    });
}

}  // namespace

Application::Application(config::Config config) : config_(std::move(config)) {}

Application::~Application() { shutdown(); }

void Application::start() {
    std::filesystem::create_directories(config_.data_dir);
    lock_ = std::make_unique<DataDirLock>(config_.data_dir);
    operator_token_ = config::resolve_operator_token(config_.operator_token, config_.data_dir);
    if (!config_.external_services.empty()) {
        worker_token_ = config::resolve_worker_token(config_.worker_token, config_.data_dir);
    }
    time_ = std::make_unique<util::TimeFormatter>(config_.timezone);

    store_ = make_store(config_);
    store_->set_fair_shares(store::FairShares({config_.user_shares.begin(), config_.user_shares.end()}));
    template_store_ = store::make_template_store(*store_);
    access_store_ = make_access_store(config_);
    audit_ = std::make_unique<auth::AuditTrail>(*access_store_);
    keys_ = std::make_unique<auth::KeyManager>(*access_store_, *audit_);
    authorizer_ = std::make_unique<auth::Authorizer>(*access_store_);
    authenticator_ = std::make_unique<auth::Authenticator>(*auth::parse_auth_mode(config_.auth_mode), *access_store_,
                                                           operator_token_, worker_token_);
    recover_interrupted_tasks();
    plugin::publish_host_settings({{"DMS_DATA_DIR", std::filesystem::absolute(config_.data_dir).string()},
                                   {"DMS_PLUGIN_DIR", config_.plugin_dir.string()},
                                   {"DMS_TIMEZONE", config_.timezone},
                                   {"DMS_API_PREFIX", config_.api_prefix}});
    plugins_ = std::make_unique<plugin::PluginRegistry>(plugin::PluginRegistry::load_directory(config_.plugin_dir));
    for (const auto& refusal : plugins_->refusals()) spdlog::error("{}", refusal.reason);
    isolate_services(*plugins_, config_);
    for (const auto& service : plugins_->services()) {
        spdlog::info("service '{}' from plugin '{}' {}", service.name, service.plugin_name, service.plugin_version);
    }
    metrics_ = std::make_unique<metrics::HostMetrics>(*plugins_);

    router_ = std::make_unique<http::Router>(
        [this](std::string_view presented) { return util::secrets_equal(presented, operator_token_); });
    router_->map_exceptions(api::store_failures_as_unavailable(*metrics_));
    router_->authenticate_with(api::authenticate_requests(*authenticator_));
    http::ServerOptions server_options{config_.host, config_.port, config_.http_threads,
                                       millis(config_.request_timeout_seconds), config_.max_body_bytes};
    server_options.max_connections = config_.max_connections;
    server_options.tls_certificate_file = config_.tls_cert_file;
    server_options.tls_key_file = config_.tls_key_file;
    server_ = std::make_unique<http::Server>(*router_, server_options, &metrics_->http());
    port_ = server_->listen();
    host_id_ = config_.host_id.empty() ? hostname() + ":" + std::to_string(port_) : config_.host_id;

    dispatch::DispatcherOptions dispatch_options{host_id_, config_.worker_count, config_.service_concurrency,
                                                 millis(config_.lease_seconds), millis(config_.cancel_grace_seconds)};
    dispatch_options.metrics = &metrics_->tasks();
    dispatch_options.retry_base = millis(config_.retry_base_seconds);
    dispatch_options.retry_cap = millis(config_.retry_cap_seconds);
    std::map<std::string, int, std::less<>> max_retries;
    service::FairnessSettings fairness{{}, config_.submit_rate_per_user, config_.submit_burst_per_user};
    for (const auto& service : plugins_->services()) {
        config::ServicePolicy policy = config_.policy_for(service.name);
        dispatch_options.attempt_limits[service.name] = {millis(policy.timeout_seconds), millis(policy.stall_seconds)};
        max_retries[service.name] = static_cast<int>(policy.max_retries);
        if (policy.max_running > 0 || policy.max_running_per_user > 0) {
            fairness.running_caps[service.name] = {policy.max_running, policy.max_running_per_user};
        }
    }
    worker::WorkerSettings worker_settings{external_services(config_, *plugins_), {},
                                           millis(config_.retry_base_seconds), millis(config_.retry_cap_seconds)};
    for (const auto& service : worker_settings.services) {
        config::ServicePolicy policy = config_.policy_for(service);
        max_retries[service] = static_cast<int>(policy.max_retries);
        worker_settings.timeouts[service] = millis(policy.timeout_seconds);
        if (policy.max_running > 0 || policy.max_running_per_user > 0) {
            worker_settings.running_caps[service] = {policy.max_running, policy.max_running_per_user};
        }
    }
    dispatch_options.running_caps = fairness.running_caps;
    for (const auto& [name, seconds] : config_.priority_max_wait_seconds) {
        if (auto priority = task::parse_priority(name)) {
            dispatch_options.max_wait[*priority] =
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::duration<double>(seconds));
        }
    }
    worker_settings.max_wait = dispatch_options.max_wait;
    for (const auto& caps : worker_settings.running_caps) fairness.running_caps.insert(caps);
    std::set<std::string, std::less<>> external = worker_settings.services;
    workers_ = std::make_unique<worker::WorkerGateway>(*store_, std::move(worker_settings));
    dispatcher_ = std::make_unique<dispatch::Dispatcher>(*store_, *plugins_, dispatch_options);
    committer_ = std::make_unique<store::GroupCommitter>(*store_, "Task queued",
                                                         [&dispatcher = *dispatcher_] { dispatcher.notify_work(); });
    schedule::TemplateSchedulerOptions schedule_options;
    schedule_options.max_retries = max_retries;  // copied before the task service takes them
    schedule_options.on_task_created = [this] { dispatcher_->notify_work(); };
    template_scheduler_ =
        std::make_unique<schedule::TemplateScheduler>(*template_store_, *store_, std::move(schedule_options));
    templates_ = std::make_unique<service::TemplateService>(
        *template_store_, *plugins_, [this] { template_scheduler_->notify_changed(); }, external);
    tasks_ = std::make_unique<service::TaskService>(*store_, *committer_, *plugins_, *dispatcher_, config_.log_tail,
                                                    std::move(max_retries), std::move(fairness), std::move(external));
    // The routes keep references into the context, so it lives as long as the application.
    api_ = std::make_unique<api::ApiContext>(api::ApiContext{*tasks_, *plugins_, *time_, config_.api_prefix,
                                                             [this] { return store_->healthy(); }, *metrics_,
                                                             *authorizer_, *audit_, *keys_});
    api_->templates = templates_.get();
    api_->workers = workers_.get();
    api::add_all_routes(*router_, *api_);
    api::add_ui_routes(*router_, config_.ui_dir, config_.api_prefix);
    metrics_->http().bind(*router_);  // after the last route: each gets its series

    maintenance_ = std::make_unique<Maintenance>(*store_, std::chrono::seconds(config_.task_ttl_seconds),
                                                 millis(config_.sweep_interval_seconds), workers_.get());
    maintenance_->start();
    dispatcher_->start();
    template_scheduler_->start();
    server_->run();
    running_ = true;
    write_port_file();
    const std::string address = config_.host.find(':') == std::string::npos ? config_.host : "[" + config_.host + "]";
    if (config_.auth_mode == "none" && config_.allow_insecure) {
        spdlog::warn("DMS_AUTH_MODE=none on {} with --allow-insecure: anyone who reaches it can act as any user",
                     config_.host);
    }
    spdlog::info("dms-host {} listening on {}://{}:{} as {} ({} workers, store {}, time zone {})", DMS_VERSION,
                 server_->tls() ? "https" : "http", address, port_, host_id_, config_.worker_count,
                 store_description(config_), config_.timezone);
}

const http::Router& Application::router() const { return *router_; }

std::size_t Application::abandoned_plugin_calls() const {
    return dispatcher_ ? dispatcher_->abandoned_count() : 0;
}

void Application::recover_interrupted_tasks() {
    const std::string log = "Host restarted; the interrupted attempt's task returned to its queue";
    std::vector<std::string> ids;
    if (config_.store == "redis") {
        // A shared store: other hosts' running tasks are theirs. Only this host's own (when it has a fixed id)
        // and leases that already ran out come back; the sweep takes the rest as their leases expire.
        std::optional<std::string> own;
        if (!config_.host_id.empty()) own = config_.host_id;
        ids = store_->requeue_abandoned(task::now(), own, log);
    } else {
        // The embedded store belongs to this host alone (the data directory is locked), so any task still
        // running in it was interrupted when the previous process ended.
        ids = store_->requeue_abandoned(task::Timestamp::max(), std::nullopt, log);
    }
    if (!ids.empty()) spdlog::warn("recovery: {} interrupted task(s) returned to their queues", ids.size());
}

void Application::write_port_file() const {
    if (config_.port_file.empty()) return;
    auto temporary = config_.port_file;
    temporary += ".tmp";
    std::ofstream(temporary) << port_ << "\n";
    // Renamed into place, so a reader never sees a half-written file.
    std::filesystem::rename(temporary, config_.port_file);
}

void Application::shutdown() {
    if (!running_) return;
    running_ = false;
    spdlog::info("shutting down: no new tasks; running ones get {}s to finish", config_.shutdown_grace_seconds);
    tasks_->stop_accepting();
    template_scheduler_->stop();
    server_->stop_accepting();
    std::size_t stuck = dispatcher_->stop(millis(config_.shutdown_grace_seconds));
    maintenance_->stop();
    committer_->stop();
    server_->stop();
    if (stuck > 0) {
        // Threads still inside plugin code would touch these after they are gone: keep them alive.
        (void)dispatcher_.release();
        (void)plugins_.release();
        (void)metrics_.release();
        (void)store_.release();
        (void)tasks_.release();
    }
    spdlog::info("stopped");
    spdlog::default_logger()->flush();
}

int Application::run_until_signal() {
    boost::asio::io_context signals_context;
    // Every signal before start(): one sent as soon as the port file appears must be handled, not take the default
    // action (SIGHUP and SIGINT would end the process without a clean stop).
    boost::asio::signal_set signals(signals_context, SIGHUP, SIGINT, SIGTERM);
    start();
    await_signal(signals, *server_);
    signals_context.run();
    shutdown();
    return 0;
}

}  // namespace dms::app
