#include "host_cluster.hpp"

namespace dms::test {

HostCluster::HostCluster(std::filesystem::path root, std::string redis_url, int hosts)
    : root_(std::move(root)), redis_url_(std::move(redis_url)) {
    for (int i = 0; i < hosts; ++i) hosts_.push_back(std::make_unique<HostProcess>(options_for(i)));
}

HostProcessOptions HostCluster::options_for(int host) const {
    HostProcessOptions options;
    options.work_dir = root_ / ("host-" + std::to_string(host));
    options.plugin_dir = std::filesystem::path(DMS_TEST_PLUGIN_DIR) / "journal";
    options.env = {
        {"DMS_STORE", "redis"},
        {"DMS_REDIS_WRITE_URL", redis_url_},
        {"DMS_HOST_ID", "host-" + std::to_string(host)},
        {"DMS_WORKER_COUNT", "4"},
        // Short enough that a killed host's tasks come back within seconds.
        {"DMS_LEASE_SECONDS", "2"},
        {"DMS_SWEEP_INTERVAL_SECONDS", "0.25"},
        {"DMS_REDIS_TIMEOUT_SECONDS", "1"},
        {"DMS_SHUTDOWN_GRACE_SECONDS", "5"},
    };
    std::filesystem::create_directories(options.work_dir);
    return options;
}

HostProcess& HostCluster::add_host() {
    auto process = std::make_unique<HostProcess>(options_for(static_cast<int>(hosts_.size())));
    std::lock_guard lock(mutex_);
    hosts_.push_back(std::move(process));
    return *hosts_.back();
}

std::vector<std::uint16_t> HostCluster::live_ports() const {
    std::lock_guard lock(mutex_);
    std::vector<std::uint16_t> ports;
    for (const auto& host : hosts_) {
        if (host) ports.push_back(host->port());
    }
    return ports;
}

void HostCluster::kill9(int host) {
    std::unique_ptr<HostProcess> process;
    {
        std::lock_guard lock(mutex_);
        process = std::move(hosts_.at(static_cast<std::size_t>(host)));
    }
    pid_t pid = process->pid();
    process->kill9();
    killed_at_[pid] = AttemptJournal::now();
}

void HostCluster::restart(int host) {
    std::unique_ptr<HostProcess> process;
    {
        std::lock_guard lock(mutex_);
        process = std::move(hosts_.at(static_cast<std::size_t>(host)));
    }
    process->terminate();
    auto fresh = std::make_unique<HostProcess>(options_for(host));
    std::lock_guard lock(mutex_);
    hosts_.at(static_cast<std::size_t>(host)) = std::move(fresh);
}

}  // namespace dms::test
