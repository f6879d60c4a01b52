#include "config/config.hpp"

#include <stdexcept>

#include <boost/asio/ip/address.hpp>
#include <spdlog/common.h>

#include "auth/auth_mode.hpp"
#include "store/redis/url.hpp"
#include "util/time_format.hpp"

namespace dms::config {
namespace {

// A Redis URL as --show-config prints it: the password, if any, replaced by asterisks.
std::string masked_url(const std::string& url) {
    auto scheme = url.find("://");
    auto at = url.rfind('@');
    if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "********" + url.substr(at);
}

void require_redis_url(const std::string& name, const std::string& url) {
    try {
        store::redis::parse_url(url);
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument(name + ": " + error.what());
    }
}

template <class Value>
nlohmann::json per_service(const std::map<std::string, Value>& values) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [service, value] : values) object[service] = value;
    return object;
}

// Whether only this machine can reach the address: 127.0.0.0/8, ::1 or the name localhost.
bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    boost::system::error_code error;
    auto address = boost::asio::ip::make_address(host, error);
    return !error && address.is_loopback();
}

std::string_view isolation_name(Isolation isolation) { return isolation == Isolation::runner ? "runner" : "host"; }

}  // namespace

nlohmann::json Config::to_json() const {
    nlohmann::json isolation = nlohmann::json::object();
    for (const auto& [service, mode] : service_overrides.isolation) isolation[service] = isolation_name(mode);
    nlohmann::json concurrency = nlohmann::json::object();
    for (const auto& [service, limit] : service_concurrency) concurrency[service] = limit;
    return {
        {"DMS_HOST", host},
        {"DMS_PORT", port},
        {"DMS_PORT_FILE", port_file.string()},
        {"DMS_TLS_CERT_FILE", tls_cert_file.string()},
        {"DMS_TLS_KEY_FILE", tls_key_file.string()},
        {"DMS_DATA_DIR", data_dir.string()},
        {"DMS_PLUGIN_DIR", plugin_dir.string()},
        {"DMS_UI_DIR", ui_dir.string()},
        {"DMS_RUNNER_PATH", runner_path.string()},
        {"DMS_OPERATOR_TOKEN", operator_token.empty() ? "(generated, kept in the data directory)" : "********"},
        {"DMS_EXTERNAL_SERVICES", external_services},
        {"DMS_WORKER_TOKEN", worker_token.empty() ? "(generated, kept in the data directory)" : "********"},
        {"DMS_AUTH_MODE", auth_mode},
        {"DMS_ALLOW_INSECURE", allow_insecure},
        {"DMS_STORE", store},
        {"DMS_SQLITE_LOCKING", sqlite_locking},
        {"DMS_REDIS_WRITE_URL", masked_url(redis_write_url)},
        {"DMS_REDIS_READ_URL", masked_url(redis_read_url.empty() ? redis_write_url : redis_read_url)},
        {"DMS_REDIS_TIMEOUT_SECONDS", redis_timeout_seconds},
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
        {"DMS_MAX_CONNECTIONS", max_connections},
        {"DMS_MAX_RETRIES", default_policy.max_retries},
        {"DMS_SERVICE_MAX_RETRIES", per_service(service_overrides.max_retries)},
        {"DMS_RETRY_BASE_SECONDS", retry_base_seconds},
        {"DMS_RETRY_CAP_SECONDS", retry_cap_seconds},
        {"DMS_TASK_TIMEOUT_SECONDS", default_policy.timeout_seconds},
        {"DMS_SERVICE_TIMEOUT_SECONDS", per_service(service_overrides.timeout_seconds)},
        {"DMS_STALL_SECONDS", default_policy.stall_seconds},
        {"DMS_SERVICE_STALL_SECONDS", per_service(service_overrides.stall_seconds)},
        {"DMS_SERVICE_ISOLATION", isolation},
        {"DMS_SERVICE_RUNNER_CPU_SECONDS", per_service(service_overrides.runner_cpu_seconds)},
        {"DMS_SERVICE_RUNNER_MEMORY_MB", per_service(service_overrides.runner_memory_mb)},
        {"DMS_SERVICE_RUNNER_OPEN_FILES", per_service(service_overrides.runner_open_files)},
        {"DMS_SERVICE_MAX_RUNNING", per_service(service_overrides.max_running)},
        {"DMS_MAX_RUNNING_PER_USER", default_policy.max_running_per_user},
        {"DMS_SERVICE_MAX_RUNNING_PER_USER", per_service(service_overrides.max_running_per_user)},
        {"DMS_SUBMIT_RATE_PER_USER", submit_rate_per_user},
        {"DMS_SUBMIT_BURST_PER_USER", submit_burst_per_user},
        {"DMS_USER_SHARES", per_service(user_shares)},
        {"DMS_PRIORITY_MAX_WAIT_SECONDS", per_service(priority_max_wait_seconds)},
    };
}

void validate(const Config& config) {
    auto require = [](bool ok, const std::string& message) {
        if (!ok) throw std::invalid_argument(message);
    };
    util::TimeFormatter{config.timezone};  // throws std::invalid_argument naming an unknown zone
    require(config.tls_cert_file.empty() == config.tls_key_file.empty(),
            "DMS_TLS_CERT_FILE and DMS_TLS_KEY_FILE must be set together: HTTPS needs both, plain HTTP neither");
    require(config.store == "sqlite" || config.store == "redis", "DMS_STORE must be 'sqlite' or 'redis'");
    require(config.sqlite_locking == "exclusive" || config.sqlite_locking == "shared",
            "DMS_SQLITE_LOCKING must be 'exclusive' or 'shared'");
    require(auth::parse_auth_mode(config.auth_mode).has_value(), "DMS_AUTH_MODE must be 'none' or 'api-key'");
    require(config.auth_mode != "none" || config.allow_insecure || is_loopback(config.host),
            "DMS_HOST " + config.host + " is not a loopback address, and with DMS_AUTH_MODE=none anyone who reaches "
            "it can act as any user: set DMS_AUTH_MODE=api-key, or pass --allow-insecure (DMS_ALLOW_INSECURE=true)");
    if (config.store == "redis") {
        require_redis_url("DMS_REDIS_WRITE_URL", config.redis_write_url);
        if (!config.redis_read_url.empty()) require_redis_url("DMS_REDIS_READ_URL", config.redis_read_url);
    }
    require(config.redis_timeout_seconds >= 0.01 && config.redis_timeout_seconds <= 3600,
            "DMS_REDIS_TIMEOUT_SECONDS must be from 0.01 to 3600");
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
    require(config.max_connections >= 1, "DMS_MAX_CONNECTIONS must be at least 1");
    require(config.worker_count <= 1024, "DMS_WORKER_COUNT must be at most 1024");
    require(config.http_threads <= 256, "DMS_HTTP_THREADS must be at most 256");
    require(config.default_policy.max_retries <= 1000, "DMS_MAX_RETRIES must be at most 1000");
    require(config.retry_base_seconds > 0 && config.retry_base_seconds <= config.retry_cap_seconds,
            "DMS_RETRY_BASE_SECONDS must be positive and at most DMS_RETRY_CAP_SECONDS");
    require(config.default_policy.timeout_seconds >= 0, "DMS_TASK_TIMEOUT_SECONDS must not be negative");
    require(config.default_policy.stall_seconds >= 0, "DMS_STALL_SECONDS must not be negative");
    require(config.submit_rate_per_user >= 0 && config.submit_rate_per_user <= 1e6,
            "DMS_SUBMIT_RATE_PER_USER must be from 0 (no limit) to 1000000");
    require(config.submit_burst_per_user >= 0 && config.submit_burst_per_user <= 1e6,
            "DMS_SUBMIT_BURST_PER_USER must be from 0 (the rate) to 1000000");
    for (const auto& [service, limit] : config.service_concurrency) {
        require(limit > 0, "DMS_SERVICE_CONCURRENCY: the limit for '" + service + "' must be at least 1");
    }
    for (const auto& [user, share] : config.user_shares) {
        require(share >= 0.01 && share <= 100, "DMS_USER_SHARES: the share of '" + user + "' must be from 0.01 to 100");
    }
    for (const auto& [priority, wait] : config.priority_max_wait_seconds) {
        // high has nothing above it to go ahead of.
        require(priority == "mid" || priority == "low",
                "DMS_PRIORITY_MAX_WAIT_SECONDS: '" + priority + "' is not mid or low");
        require(wait > 0, "DMS_PRIORITY_MAX_WAIT_SECONDS: the wait of '" + priority + "' must be positive");
    }
}

}  // namespace dms::config
