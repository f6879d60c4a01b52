#pragma once

#include <map>
#include <string>

namespace dms::config {

// Limits a runner process gets through setrlimit; 0: no limit.
struct RunnerLimits {
    double cpu_seconds = 0;
    std::size_t memory_mb = 0;  // address space
    std::size_t open_files = 0;
};

enum class Isolation { host, runner };

// How one service's tasks are retried, timed and isolated: the host-wide defaults, overridden per service.
struct ServicePolicy {
    unsigned max_retries = 0;    // failed attempts retried, unless a task says otherwise
    double timeout_seconds = 0;  // longest run of one attempt, unless a task says otherwise; 0: none
    double stall_seconds = 0;    // longest time without progress or a heartbeat; 0: not watched
    Isolation isolation = Isolation::host;
    RunnerLimits runner_limits;
    // Caps on running tasks counted over every host sharing the store; 0: none.
    std::size_t max_running = 0;           // of the service
    std::size_t max_running_per_user = 0;  // of one user in the service
};

// The per-service settings as given: DMS_SERVICE_MAX_RETRIES=copy=3 and the like. Absent: the default.
struct ServiceOverrides {
    std::map<std::string, unsigned> max_retries;
    std::map<std::string, double> timeout_seconds;
    std::map<std::string, double> stall_seconds;
    std::map<std::string, Isolation> isolation;
    std::map<std::string, double> runner_cpu_seconds;
    std::map<std::string, std::size_t> runner_memory_mb;
    std::map<std::string, std::size_t> runner_open_files;
    std::map<std::string, std::size_t> max_running;
    std::map<std::string, std::size_t> max_running_per_user;

    ServicePolicy apply(const std::string& service, ServicePolicy defaults) const;
};

}  // namespace dms::config
