#include "config/config.hpp"

#include <stdexcept>

#include <spdlog/common.h>

#include "util/time_format.hpp"

namespace dms::config {

nlohmann::json Config::to_json() const {
    nlohmann::json concurrency = nlohmann::json::object();
    for (const auto& [service, limit] : service_concurrency) concurrency[service] = limit;
    return {
        {"DMS_HOST", host},
        {"DMS_PORT", port},
        {"DMS_PORT_FILE", port_file.string()},
        {"DMS_DATA_DIR", data_dir.string()},
        {"DMS_PLUGIN_DIR", plugin_dir.string()},
        {"DMS_OPERATOR_TOKEN", operator_token.empty() ? "(generated, kept in the data directory)" : "********"},
        {"DMS_STORE", store},
        {"DMS_TIMEZONE", timezone},
        {"DMS_API_PREFIX", api_prefix},
        {"DMS_HOST_ID", host_id},
        {"DMS_WORKER_COUNT", worker_count},
        {"DMS_HTTP_THREADS", http_threads},
        {"DMS_SERVICE_CONCURRENCY", concurrency},
        {"DMS_LOG_LEVEL", log_level},
        {"DMS_LOG_JSON", log_json},
        {"DMS_TASK_TTL_SECONDS", task_ttl_seconds},
        {"DMS_SHUTDOWN_GRACE_SECONDS", shutdown_grace_seconds},
        {"DMS_CANCEL_GRACE_SECONDS", cancel_grace_seconds},
        {"DMS_LEASE_SECONDS", lease_seconds},
        {"DMS_SWEEP_INTERVAL_SECONDS", sweep_interval_seconds},
        {"DMS_REQUEST_TIMEOUT_SECONDS", request_timeout_seconds},
        {"DMS_TASK_LOG_TAIL", log_tail},
        {"DMS_MAX_BODY_BYTES", max_body_bytes},
    };
}

void validate(const Config& config) {
    auto require = [](bool ok, const std::string& message) {
        if (!ok) throw std::invalid_argument(message);
    };
    util::TimeFormatter{config.timezone};  // throws std::invalid_argument naming an unknown zone
    require(config.store == "sqlite", "DMS_STORE must be 'sqlite' (the only store this build has)");
    require(!config.api_prefix.empty() && config.api_prefix.front() == '/' && config.api_prefix.back() != '/',
            "DMS_API_PREFIX must start with '/' and not end with one, e.g. /api/v1");
    require(spdlog::level::from_str(config.log_level) != spdlog::level::off || config.log_level == "off",
            "DMS_LOG_LEVEL must be one of trace, debug, info, warning, error, critical, off");
    require(config.task_ttl_seconds > 0, "DMS_TASK_TTL_SECONDS must be positive");
    require(config.shutdown_grace_seconds >= 0, "DMS_SHUTDOWN_GRACE_SECONDS must not be negative");
    require(config.cancel_grace_seconds >= 0, "DMS_CANCEL_GRACE_SECONDS must not be negative");
    require(config.lease_seconds >= 1, "DMS_LEASE_SECONDS must be at least 1");
    require(config.sweep_interval_seconds > 0, "DMS_SWEEP_INTERVAL_SECONDS must be positive");
    require(config.request_timeout_seconds > 0, "DMS_REQUEST_TIMEOUT_SECONDS must be positive");
    require(config.max_body_bytes >= 1024, "DMS_MAX_BODY_BYTES must be at least 1024");
    require(config.worker_count <= 1024, "DMS_WORKER_COUNT must be at most 1024");
    require(config.http_threads <= 256, "DMS_HTTP_THREADS must be at most 256");
    for (const auto& [service, limit] : config.service_concurrency) {
        require(limit > 0, "DMS_SERVICE_CONCURRENCY: the limit for '" + service + "' must be at least 1");
    }
}

}  // namespace dms::config
