#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "host_address.hpp"

namespace dms::load {

// How to start dms-host: only these variables reach it, so the driver's own environment does not leak in.
struct HostSettings {
    std::filesystem::path binary;
    std::filesystem::path work_dir;  // port file and the host's log
    std::filesystem::path data_dir;
    std::filesystem::path plugin_dir;
    std::string operator_token;
    unsigned workers = 2;
    unsigned http_threads = 2;
    std::map<std::string, std::string> env;  // more DMS_* settings, overriding the defaults
};

// How long a start took, from fork: until the port file appeared (listening, workers started) and until
// /readyz first answered 200.
struct StartTimes {
    double listening_ms = 0;
    double ready_ms = 0;
    std::chrono::steady_clock::time_point listening_at;  // when the port file was seen
};

// The dms-host child of a load run: started with fork/execve on DMS_PORT=0, stopped with SIGTERM (the
// graceful path a restart takes), killed with SIGKILL if the driver leaves early.
class HostLauncher {
 public:
    explicit HostLauncher(HostSettings settings) : settings_(std::move(settings)) {}
    ~HostLauncher();
    HostLauncher(const HostLauncher&) = delete;
    HostLauncher& operator=(const HostLauncher&) = delete;

    // Starts the host and waits until /readyz answers 200; throws with the log's tail when it exits or
    // does not get there within `timeout`.
    StartTimes start(std::chrono::seconds timeout = std::chrono::seconds(300));

    // SIGTERM, then waits for the exit; returns the exit code (-signal when a signal ended it). After
    // `timeout` it kills the host and throws.
    int stop(std::chrono::seconds timeout = std::chrono::seconds(120));

    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    HostAddress address() const { return address_; }
    const HostSettings& settings() const { return settings_; }
    // The worker count of the next start.
    void set_workers(unsigned workers) { settings_.workers = workers; }
    std::string log_tail(std::size_t bytes = 4000) const;

 private:
    void kill_now();

    HostSettings settings_;
    HostAddress address_;
    pid_t pid_ = -1;
    int starts_ = 0;
};

}  // namespace dms::load
