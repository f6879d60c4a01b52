#include "config/config_loader.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <CLI/CLI.hpp>

#include "http/tls_certificate.hpp"

namespace dms::config {
namespace {

// "copy=4,sync=2" -> {copy: 4, sync: 2}, each value read by `parse`, which throws std::logic_error on a bad one.
template <class Parse>
auto parse_per_service(const std::vector<std::string>& items, const std::string& setting, const std::string& expected,
                       Parse parse) {
    std::map<std::string, decltype(parse(std::string()))> values;
    for (const std::string& item : items) {
        auto equals = item.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw std::invalid_argument(setting + ": expected service=value, got '" + item + "'");
        }
        std::string service = item.substr(0, equals);
        std::string text = item.substr(equals + 1);
        try {
            values[service] = parse(text);
        } catch (const std::logic_error&) {
            throw std::invalid_argument(setting + ": '" + text + "' is not a value for '" + service + "' (" + expected +
                                        ")");
        }
    }
    return values;
}

// A whole number in [low, high]; anything else throws std::out_of_range.
auto whole_number(long long low, long long high) {
    return [low, high](const std::string& text) {
        std::size_t used = 0;
        long long value = std::stoll(text, &used);
        if (used != text.size() || value < low || value > high) throw std::out_of_range(text);
        return static_cast<std::size_t>(value);
    };
}

// Seconds >= 0; anything else throws std::out_of_range.
double seconds(const std::string& text) {
    std::size_t used = 0;
    double value = std::stod(text, &used);
    if (used != text.size() || !(value >= 0) || value > 1e9) throw std::out_of_range(text);
    return value;
}

Isolation isolation(const std::string& text) {
    if (text == "host") return Isolation::host;
    if (text == "runner") return Isolation::runner;
    throw std::out_of_range(text);
}

// The DMS_SERVICE_* lists as given on the command line or in the environment, before parsing.
struct PerServiceItems {
    std::vector<std::string> concurrency, max_retries, timeout, stall, isolation, cpu, memory, files;
    std::vector<std::string> max_running, max_running_per_user;
    std::vector<std::string> user_shares, priority_max_wait;  // keyed by user and priority, parsed alike
};

void parse_per_service_items(const PerServiceItems& items, Config& config) {
    auto concurrency = parse_per_service(items.concurrency, "DMS_SERVICE_CONCURRENCY", "a whole number from 1",
                                         whole_number(1, 100000));
    config.service_concurrency.clear();
    for (const auto& [service, limit] : concurrency) config.service_concurrency[service] = static_cast<unsigned>(limit);
    ServiceOverrides& overrides = config.service_overrides;
    for (const auto& [service, retries] :
         parse_per_service(items.max_retries, "DMS_SERVICE_MAX_RETRIES", "0 to 1000", whole_number(0, 1000))) {
        overrides.max_retries[service] = static_cast<unsigned>(retries);
    }
    overrides.timeout_seconds = parse_per_service(items.timeout, "DMS_SERVICE_TIMEOUT_SECONDS", "seconds, 0: none", seconds);
    overrides.stall_seconds = parse_per_service(items.stall, "DMS_SERVICE_STALL_SECONDS", "seconds, 0: off", seconds);
    overrides.isolation = parse_per_service(items.isolation, "DMS_SERVICE_ISOLATION", "host or runner", isolation);
    overrides.runner_cpu_seconds =
        parse_per_service(items.cpu, "DMS_SERVICE_RUNNER_CPU_SECONDS", "seconds, 0: no limit", seconds);
    overrides.runner_memory_mb = parse_per_service(items.memory, "DMS_SERVICE_RUNNER_MEMORY_MB",
                                                   "megabytes, 0: no limit", whole_number(0, 1LL << 30));
    overrides.runner_open_files = parse_per_service(items.files, "DMS_SERVICE_RUNNER_OPEN_FILES",
                                                    "a count, 0: no limit", whole_number(0, 1 << 24));
    overrides.max_running = parse_per_service(items.max_running, "DMS_SERVICE_MAX_RUNNING", "a count, 0: no cap",
                                              whole_number(0, 1000000));
    overrides.max_running_per_user = parse_per_service(
        items.max_running_per_user, "DMS_SERVICE_MAX_RUNNING_PER_USER", "a count, 0: no cap", whole_number(0, 1000000));
    config.user_shares = parse_per_service(items.user_shares, "DMS_USER_SHARES", "a share, 0.01 to 100", seconds);
    config.priority_max_wait_seconds =
        parse_per_service(items.priority_max_wait, "DMS_PRIORITY_MAX_WAIT_SECONDS", "seconds", seconds);
}

void apply_defaults(Config& config) {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (config.worker_count == 0) config.worker_count = cores;
    if (config.http_threads == 0) config.http_threads = cores;
    if (config.plugin_dir.empty()) config.plugin_dir = default_plugin_dir();
    if (config.ui_dir.empty()) config.ui_dir = default_ui_dir();
    if (config.runner_path.empty()) config.runner_path = default_runner_path();
    std::transform(config.log_level.begin(), config.log_level.end(), config.log_level.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}

// With HTTPS, the files are read now, so that a missing file or a key that does not fit the certificate stops
// the host before it starts rather than at its first connection.
void check_tls_files(const Config& config) {
    if (config.tls_cert_file.empty()) return;
    try {
        http::TlsCertificate::load(config.tls_cert_file, config.tls_key_file);
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument(std::string("DMS_TLS_CERT_FILE/DMS_TLS_KEY_FILE: ") + error.what());
    }
}

}  // namespace

std::string default_plugin_dir() {
    std::error_code error;
    if (std::filesystem::is_directory(DMS_BUNDLED_PLUGIN_DIR, error)) return DMS_BUNDLED_PLUGIN_DIR;
    return DMS_INSTALLED_PLUGIN_DIR;
}

std::string default_runner_path() {
    std::error_code error;
    auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        auto beside = executable.parent_path() / "dms-runner";
        if (std::filesystem::is_regular_file(beside, error)) return beside.string();
    }
    return DMS_BUILD_RUNNER_PATH;
}

std::string default_ui_dir() {
    std::error_code error;
    // Installed: <prefix>/bin/dms-host next to <prefix>/share/dms/ui, wherever the prefix was unpacked.
    auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error) {
        auto installed = executable.parent_path().parent_path() / "share" / "dms" / "ui";
        if (std::filesystem::is_directory(installed, error)) return installed.string();
    }
    // A build tree: the sources' ui/ folder.
    if (std::filesystem::is_directory(DMS_SOURCE_UI_DIR, error)) return DMS_SOURCE_UI_DIR;
    return DMS_INSTALLED_UI_DIR;
}

LoadResult load_config(int argc, const char* const* argv) {
    Config config;
    bool show_config = false;
    bool show_version = false;
    PerServiceItems per_service;

    CLI::App app{"dms-host: the DMS task executor. Every flag can also be set by the DMS_* variable named."};
    app.get_formatter()->column_width(40);
    auto option = [&](const std::string& flag, auto& target, const std::string& env, const std::string& help) {
        return app.add_option(flag, target, help)->envname(env)->capture_default_str();
    };
    option("--host", config.host, "DMS_HOST", "Address to listen on");
    option("--port", config.port, "DMS_PORT", "Port to listen on; 0 picks a free one");
    option("--port-file", config.port_file, "DMS_PORT_FILE", "Write the bound port to this file once listening");
    option("--tls-cert-file", config.tls_cert_file, "DMS_TLS_CERT_FILE",
           "HTTPS: PEM certificate, may be followed by its chain (with --tls-key-file; reloaded on SIGHUP)");
    option("--tls-key-file", config.tls_key_file, "DMS_TLS_KEY_FILE", "HTTPS: PEM private key of the certificate");
    option("--data-dir", config.data_dir, "DMS_DATA_DIR", "Directory of the embedded store and generated secrets");
    option("--plugin-dir", config.plugin_dir, "DMS_PLUGIN_DIR", "Directory of executor plugins (*.so)");
    option("--runner-path", config.runner_path, "DMS_RUNNER_PATH",
           "The dms-runner executable, for services with DMS_SERVICE_ISOLATION=<service>=runner");
    option("--ui-dir", config.ui_dir, "DMS_UI_DIR", "Directory of the operator dashboard's files, served at /ui");
    option("--operator-token", config.operator_token, "DMS_OPERATOR_TOKEN", "Token for X-Operator-Token");
    option("--external-services", config.external_services, "DMS_EXTERNAL_SERVICES",
           "Services run by external workers over HTTP, not by a plugin, e.g. transcode,ml-train")
        ->delimiter(',');
    option("--worker-token", config.worker_token, "DMS_WORKER_TOKEN", "Token external workers send as X-Worker-Token");
    option("--auth-mode", config.auth_mode, "DMS_AUTH_MODE",
           "none (anyone may act as any user; loopback only) or api-key (user routes need an x-api-key)");
    app.add_flag("--allow-insecure", config.allow_insecure,
                 "With DMS_AUTH_MODE=none, listen on a non-loopback address anyway")
        ->envname("DMS_ALLOW_INSECURE");
    option("--store", config.store, "DMS_STORE", "Task store: sqlite (embedded, one host) or redis (shared)");
    option("--sqlite-locking", config.sqlite_locking, "DMS_SQLITE_LOCKING",
           "exclusive (no other process may open the SQLite file while the host runs; faster reads) or shared (the "
           "sqlite3 shell and backup tools may read it meanwhile)");
    option("--redis-write-url", config.redis_write_url, "DMS_REDIS_WRITE_URL",
           "Redis primary, redis://[[user]:password@]host[:port][/db], with --store redis");
    option("--redis-read-url", config.redis_read_url, "DMS_REDIS_READ_URL",
           "Redis server for reads, e.g. a replica (default: the write URL)");
    option("--redis-timeout-seconds", config.redis_timeout_seconds, "DMS_REDIS_TIMEOUT_SECONDS",
           "Longest wait for a Redis connect or command before the request fails");
    option("--timezone", config.timezone, "DMS_TIMEZONE", "IANA time zone of log lines and timestamps");
    option("--api-prefix", config.api_prefix, "DMS_API_PREFIX", "Path prefix of the REST API");
    option("--host-id", config.host_id, "DMS_HOST_ID", "This host's id in leases and logs (default hostname:port)");
    option("--workers", config.worker_count, "DMS_WORKER_COUNT", "Tasks run at once (0: number of cores)");
    option("--http-threads", config.http_threads, "DMS_HTTP_THREADS", "HTTP threads (0: number of cores)");
    auto service_option = [&](const std::string& flag, std::vector<std::string>& target, const std::string& env,
                              const std::string& help) { option(flag, target, env, help)->delimiter(','); };
    service_option("--service-concurrency", per_service.concurrency, "DMS_SERVICE_CONCURRENCY",
                   "Per-service limits on running tasks, e.g. copy=4,sync=2");
    option("--max-retries", config.default_policy.max_retries, "DMS_MAX_RETRIES",
           "Failed attempts retried per task, unless the service or the task says otherwise");
    service_option("--service-max-retries", per_service.max_retries, "DMS_SERVICE_MAX_RETRIES",
                   "Per-service retries, e.g. copy=3,sync=5");
    option("--retry-base-seconds", config.retry_base_seconds, "DMS_RETRY_BASE_SECONDS",
           "Wait before the first retry; each later one waits twice the last, with jitter");
    option("--retry-cap-seconds", config.retry_cap_seconds, "DMS_RETRY_CAP_SECONDS", "Longest wait before a retry");
    option("--task-timeout-seconds", config.default_policy.timeout_seconds, "DMS_TASK_TIMEOUT_SECONDS",
           "Longest run of one attempt (0: none), unless the service or the task says otherwise");
    service_option("--service-timeout-seconds", per_service.timeout, "DMS_SERVICE_TIMEOUT_SECONDS",
                   "Per-service attempt timeouts, e.g. copy=3600");
    option("--stall-seconds", config.default_policy.stall_seconds, "DMS_STALL_SECONDS",
           "A running task with no progress or heartbeat for this long is stopped and retried (0: off)");
    service_option("--service-stall-seconds", per_service.stall, "DMS_SERVICE_STALL_SECONDS",
                   "Per-service stall times, e.g. sync=600");
    service_option("--service-isolation", per_service.isolation, "DMS_SERVICE_ISOLATION",
                   "Where a service's plugin runs: host (default) or runner (a separate process), e.g. copy=runner");
    service_option("--service-runner-cpu-seconds", per_service.cpu, "DMS_SERVICE_RUNNER_CPU_SECONDS",
                   "CPU seconds a runner process may use per attempt, e.g. copy=600");
    service_option("--service-runner-memory-mb", per_service.memory, "DMS_SERVICE_RUNNER_MEMORY_MB",
                   "Address space of a runner process in MiB, e.g. copy=2048");
    service_option("--service-runner-open-files", per_service.files, "DMS_SERVICE_RUNNER_OPEN_FILES",
                   "Open files a runner process may hold, e.g. copy=1024");
    service_option("--service-max-running", per_service.max_running, "DMS_SERVICE_MAX_RUNNING",
                   "Per-service caps on running tasks over every host sharing the store, e.g. copy=8");
    option("--max-running-per-user", config.default_policy.max_running_per_user, "DMS_MAX_RUNNING_PER_USER",
           "Running tasks one user may have in a service over every host (0: no cap)");
    service_option("--service-max-running-per-user", per_service.max_running_per_user,
                   "DMS_SERVICE_MAX_RUNNING_PER_USER", "Per-service caps on one user's running tasks, e.g. copy=2");
    service_option("--user-shares", per_service.user_shares, "DMS_USER_SHARES",
                   "Users' weights in the turns within a priority (default 1), e.g. alice=2,batch=0.5");
    service_option("--priority-max-wait-seconds", per_service.priority_max_wait, "DMS_PRIORITY_MAX_WAIT_SECONDS",
                   "Longest wait of a mid or low task before it goes ahead of higher priorities, e.g. low=600");
    option("--submit-rate-per-user", config.submit_rate_per_user, "DMS_SUBMIT_RATE_PER_USER",
           "Submissions per second one user may make on this host; more are answered 429 (0: no limit)");
    option("--submit-burst-per-user", config.submit_burst_per_user, "DMS_SUBMIT_BURST_PER_USER",
           "Submissions one user may make at once before the rate applies (0: the rate, rounded up)");
    option("--log-level", config.log_level, "DMS_LOG_LEVEL", "trace, debug, info, warning, error, critical, off");
    option("--log-json", config.log_json, "DMS_LOG_JSON", "Log JSON lines (true) or plain text (false)");
    option("--task-ttl-seconds", config.task_ttl_seconds, "DMS_TASK_TTL_SECONDS", "Finished tasks expire after this");
    option("--shutdown-grace-seconds", config.shutdown_grace_seconds, "DMS_SHUTDOWN_GRACE_SECONDS",
           "On SIGTERM, time running tasks get to finish before they are requeued");
    option("--cancel-grace-seconds", config.cancel_grace_seconds, "DMS_CANCEL_GRACE_SECONDS",
           "Time a cancelled running task's plugin gets to stop before the task is ended anyway");
    option("--lease-seconds", config.lease_seconds, "DMS_LEASE_SECONDS", "Lease on a running task, renewed while it runs");
    option("--sweep-interval-seconds", config.sweep_interval_seconds, "DMS_SWEEP_INTERVAL_SECONDS",
           "How often expired tasks, abandoned leases and external attempts past their timeout are swept");
    option("--request-timeout-seconds", config.request_timeout_seconds, "DMS_REQUEST_TIMEOUT_SECONDS",
           "Time a client has to send a request, and an idle connection is kept");
    option("--task-log-tail", config.log_tail, "DMS_TASK_LOG_TAIL", "Latest log lines returned with a task");
    option("--max-body-bytes", config.max_body_bytes, "DMS_MAX_BODY_BYTES", "Largest request body accepted");
    option("--max-connections", config.max_connections, "DMS_MAX_CONNECTIONS",
           "Most HTTP connections open at once; more are answered 503 and closed");
    app.add_flag("--show-config", show_config, "Print the effective configuration (secrets masked) and exit");
    app.add_flag("--version", show_version, "Print the version and exit");

    LoadResult result;
    try {
        app.parse(argc, argv);
        parse_per_service_items(per_service, config);
        apply_defaults(config);
        validate(config);
        check_tls_files(config);
    } catch (const CLI::CallForHelp&) {
        result.output = app.help();
        return result;
    } catch (const CLI::ParseError& error) {
        result.exit_code = 2;
        result.error = std::string("dms-host: ") + error.what() + "\nRun with --help for the settings.";
        return result;
    } catch (const std::invalid_argument& error) {
        result.exit_code = 2;
        result.error = std::string("dms-host: ") + error.what();
        return result;
    }
    if (show_version) {
        result.output = std::string("dms-host ") + DMS_VERSION + "\n";
    } else if (show_config) {
        result.output = config.to_json().dump(2) + "\n";
    } else {
        result.config = std::move(config);
    }
    return result;
}

}  // namespace dms::config
