#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "attempt_journal.hpp"
#include "support/host_process.hpp"

namespace dms::test {

// Real dms-host processes sharing one Redis, each with its own folder and host id ("host-<n>"), loading only the
// journal plugin. Hosts can be killed and started again while clients pick among the live ones.
class HostCluster {
public:
    HostCluster(std::filesystem::path root, std::string redis_url, int hosts);

    // Ports of the hosts now running, for clients; safe from any thread.
    std::vector<std::uint16_t> live_ports() const;

    // Starts one more host, with the next id; returns it.
    HostProcess& add_host();

    // SIGKILL: the host's attempts end now, without a word to the store.
    void kill9(int host);
    // SIGTERM and a wait for the exit, then a new process with the same id and folder.
    void restart(int host);

    HostProcess& host(int index) { return *hosts_.at(static_cast<std::size_t>(index)); }
    std::size_t size() const { return hosts_.size(); }

    // When each killed process died: its unfinished attempts ended then.
    const std::map<pid_t, AttemptJournal::Nanoseconds>& killed_at() const { return killed_at_; }

private:
    HostProcessOptions options_for(int host) const;

    std::filesystem::path root_;
    std::string redis_url_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<HostProcess>> hosts_;  // null while a host is down
    std::map<pid_t, AttemptJournal::Nanoseconds> killed_at_;
};

}  // namespace dms::test
