#include "config/service_policy.hpp"

namespace dms::config {
namespace {

template <class Value>
void override_from(const std::map<std::string, Value>& values, const std::string& service, Value& target) {
    auto found = values.find(service);
    if (found != values.end()) target = found->second;
}

}  // namespace

ServicePolicy ServiceOverrides::apply(const std::string& service, ServicePolicy policy) const {
    override_from(max_retries, service, policy.max_retries);
    override_from(timeout_seconds, service, policy.timeout_seconds);
    override_from(stall_seconds, service, policy.stall_seconds);
    override_from(isolation, service, policy.isolation);
    override_from(runner_cpu_seconds, service, policy.runner_limits.cpu_seconds);
    override_from(runner_memory_mb, service, policy.runner_limits.memory_mb);
    override_from(runner_open_files, service, policy.runner_limits.open_files);
    override_from(max_running, service, policy.max_running);
    override_from(max_running_per_user, service, policy.max_running_per_user);
    return policy;
}

}  // namespace dms::config
