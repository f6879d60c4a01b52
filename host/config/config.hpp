#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/service_policy.hpp"

namespace dms::config {

// Everything the host can be told, from DMS_* variables or the matching flags (see config_loader.hpp).
struct Config {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8000;  // 0 picks a free port
    std::filesystem::path port_file;  // when set, the bound port is written here once listening
    // Both set: HTTPS only, with this PEM certificate (chain) and key, loaded again on SIGHUP; neither: plain HTTP.
    std::filesystem::path tls_cert_file;
    std::filesystem::path tls_key_file;
    std::filesystem::path data_dir = "data";
    std::filesystem::path plugin_dir;
    std::filesystem::path ui_dir;  // the operator dashboard's files, served at /ui
    std::filesystem::path runner_path;  // dms-runner, for services isolated in a process; empty: the default
    std::string operator_token;  // empty: generated once and kept in the data directory
    // Services no plugin runs: external workers lease their tasks over HTTP with the worker token (X-Worker-Token;
    // empty: generated once and kept in the data directory, when there are external services).
    std::vector<std::string> external_services;
    std::string worker_token;
    std::string auth_mode = "none";  // none | api-key: whether user routes need an x-api-key (auth/auth_mode.hpp)
    bool allow_insecure = false;     // with auth_mode none, listen on a non-loopback address anyway
    std::string store = "sqlite";  // sqlite | redis
    // With store sqlite: exclusive (no other process may open the file while the host runs; faster reads) | shared.
    std::string sqlite_locking = "exclusive";
    // With store redis: the primary every change goes to, a server for reads (empty: the primary), and the longest
    // wait for a connect or a command.
    std::string redis_write_url = "redis://127.0.0.1:6379/0";
    std::string redis_read_url;
    double redis_timeout_seconds = 5;
    std::string timezone = "Asia/Seoul";
    std::string api_prefix = "/api/v1";
    std::string host_id;  // empty: hostname:port
    unsigned worker_count = 0;  // 0: the number of cores
    unsigned http_threads = 0;  // 0: the number of cores
    std::map<std::string, unsigned> service_concurrency;  // service -> most tasks running at once
    std::string log_level = "info";
    bool log_json = true;
    std::int64_t task_ttl_seconds = 7776000;
    double shutdown_grace_seconds = 25;
    double cancel_grace_seconds = 10;
    double lease_seconds = 30;
    double sweep_interval_seconds = 60;
    double request_timeout_seconds = 10;
    std::size_t log_tail = 50;
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_connections = 10000;
    // Retries, timeouts, stall watch and isolation: host-wide defaults, then per service.
    ServicePolicy default_policy;
    ServiceOverrides service_overrides;
    double retry_base_seconds = 1;   // the first retry waits about this long; each later one twice the last
    double retry_cap_seconds = 300;  // no retry waits longer
    // Submissions per second one user may make on this host (token bucket); 0: no limit. The burst is the bucket's
    // size; 0: the rate rounded up.
    double submit_rate_per_user = 0;
    double submit_burst_per_user = 0;
    // Fair queuing within a priority: users' shares (default 1, 0.01 to 100), and the longest a mid or low task waits
    // in its queue before it goes ahead of higher priorities (absent: no bound).
    std::map<std::string, double> user_shares;
    std::map<std::string, double> priority_max_wait_seconds;

    ServicePolicy policy_for(const std::string& service) const { return service_overrides.apply(service, default_policy); }

    // The effective configuration as JSON, with the operator token masked.
    nlohmann::json to_json() const;
};

// Throws std::invalid_argument with a message naming the setting when a value is out of range.
void validate(const Config& config);

}  // namespace dms::config
