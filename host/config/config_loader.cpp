#include "config/config_loader.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <CLI/CLI.hpp>

namespace dms::config {
namespace {

// "copy=4,sync=2" -> {copy: 4, sync: 2}
std::map<std::string, unsigned> parse_concurrency(const std::vector<std::string>& items) {
    std::map<std::string, unsigned> limits;
    for (const std::string& item : items) {
        auto equals = item.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw std::invalid_argument("DMS_SERVICE_CONCURRENCY: expected service=limit, got '" + item + "'");
        }
        std::string service = item.substr(0, equals);
        std::string limit_text = item.substr(equals + 1);
        try {
            std::size_t used = 0;
            long limit = std::stol(limit_text, &used);
            if (used != limit_text.size() || limit < 1 || limit > 100000) throw std::out_of_range(limit_text);
            limits[service] = static_cast<unsigned>(limit);
        } catch (const std::logic_error&) {
            throw std::invalid_argument("DMS_SERVICE_CONCURRENCY: '" + limit_text + "' is not a limit for '" +
                                        service + "' (a whole number from 1)");
        }
    }
    return limits;
}

void apply_defaults(Config& config) {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (config.worker_count == 0) config.worker_count = cores;
    if (config.http_threads == 0) config.http_threads = cores;
    if (config.plugin_dir.empty()) config.plugin_dir = default_plugin_dir();
    if (config.ui_dir.empty()) config.ui_dir = default_ui_dir();
    std::transform(config.log_level.begin(), config.log_level.end(), config.log_level.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}

}  // namespace

std::string default_plugin_dir() {
    std::error_code error;
    if (std::filesystem::is_directory(DMS_BUNDLED_PLUGIN_DIR, error)) return DMS_BUNDLED_PLUGIN_DIR;
    return DMS_INSTALLED_PLUGIN_DIR;
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
    std::vector<std::string> concurrency;

    CLI::App app{"dms-host: the DMS task executor. Every flag can also be set by the DMS_* variable named."};
    app.get_formatter()->column_width(40);
    auto option = [&](const std::string& flag, auto& target, const std::string& env, const std::string& help) {
        return app.add_option(flag, target, help)->envname(env)->capture_default_str();
    };
    option("--host", config.host, "DMS_HOST", "Address to listen on");
    option("--port", config.port, "DMS_PORT", "Port to listen on; 0 picks a free one");
    option("--port-file", config.port_file, "DMS_PORT_FILE", "Write the bound port to this file once listening");
    option("--data-dir", config.data_dir, "DMS_DATA_DIR", "Directory of the embedded store and generated secrets");
    option("--plugin-dir", config.plugin_dir, "DMS_PLUGIN_DIR", "Directory of executor plugins (*.so)");
    option("--ui-dir", config.ui_dir, "DMS_UI_DIR", "Directory of the operator dashboard's files, served at /ui");
    option("--operator-token", config.operator_token, "DMS_OPERATOR_TOKEN", "Token for X-Operator-Token");
    option("--store", config.store, "DMS_STORE", "Task store: sqlite (embedded, one host) or redis (shared)");
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
    option("--service-concurrency", concurrency, "DMS_SERVICE_CONCURRENCY",
           "Per-service limits on running tasks, e.g. copy=4,sync=2")
        ->delimiter(',');
    option("--log-level", config.log_level, "DMS_LOG_LEVEL", "trace, debug, info, warning, error, critical, off");
    option("--log-json", config.log_json, "DMS_LOG_JSON", "Log JSON lines (true) or plain text (false)");
    option("--task-ttl-seconds", config.task_ttl_seconds, "DMS_TASK_TTL_SECONDS", "Finished tasks expire after this");
    option("--shutdown-grace-seconds", config.shutdown_grace_seconds, "DMS_SHUTDOWN_GRACE_SECONDS",
           "On SIGTERM, time running tasks get to finish before they are requeued");
    option("--cancel-grace-seconds", config.cancel_grace_seconds, "DMS_CANCEL_GRACE_SECONDS",
           "Time a cancelled running task's plugin gets to stop before the task is ended anyway");
    option("--lease-seconds", config.lease_seconds, "DMS_LEASE_SECONDS", "Lease on a running task, renewed while it runs");
    option("--sweep-interval-seconds", config.sweep_interval_seconds, "DMS_SWEEP_INTERVAL_SECONDS",
           "How often expired tasks and abandoned leases are swept");
    option("--request-timeout-seconds", config.request_timeout_seconds, "DMS_REQUEST_TIMEOUT_SECONDS",
           "Time a client has to send a request, and an idle connection is kept");
    option("--task-log-tail", config.log_tail, "DMS_TASK_LOG_TAIL", "Latest log lines returned with a task");
    option("--max-body-bytes", config.max_body_bytes, "DMS_MAX_BODY_BYTES", "Largest request body accepted");
    app.add_flag("--show-config", show_config, "Print the effective configuration (secrets masked) and exit");
    app.add_flag("--version", show_version, "Print the version and exit");

    LoadResult result;
    try {
        app.parse(argc, argv);
        config.service_concurrency = parse_concurrency(concurrency);
        apply_defaults(config);
        validate(config);
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
