#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "host_address.hpp"
#include "host_launcher.hpp"
#include "options.hpp"

namespace dms::load {

// The host a run talks to. Either attached by URL, or started by the driver in a fresh folder with only the
// noop and sleep plugins, `workers + 1` workers and DMS_SERVICE_CONCURRENCY=sleep=1: the extra worker is
// parked on one long `sleep` task (high priority, taken first), so exactly `workers` serve noop and any
// backlog of low-priority sleep tasks stays queued.
class HostSession {
 public:
    explicit HostSession(const LoadOptions& options);
    ~HostSession();
    HostSession(const HostSession&) = delete;
    HostSession& operator=(const HostSession&) = delete;

    bool launched() const { return launcher_ != nullptr; }
    const HostAddress& address() const { return address_; }
    const std::string& token() const { return token_; }
    pid_t pid() const { return launcher_ ? launcher_->pid() : -1; }

    // Starts the launched host, with `workers` overriding the worker count when not 0 (the drain's filler
    // runs one); returns how long it took.
    StartTimes start(unsigned workers = 0);
    // SIGTERM and wait; the data stays for the next start.
    void stop();

    // Submits the parking sleep task once (later starts re-lease it first) and waits until a sleep task
    // runs, so that no other sleep task can start.
    void park_worker();

    // Pauses or resumes a service's queue (operator routes); throws when the host does not answer 200.
    void set_paused(const std::string& service, bool paused);

    // GET /admin/stats with the operator token; throws when it does not answer 200.
    nlohmann::json stats();
    // by_service.<service>.<status> of the stats, 0 when absent.
    static std::size_t count(const nlohmann::json& stats, const std::string& service, const std::string& status);

 private:
    LoadOptions options_;
    HostAddress address_;
    std::string token_;
    std::filesystem::path root_;
    std::unique_ptr<HostLauncher> launcher_;
    bool parked_ = false;
};

}  // namespace dms::load
