#pragma once

#include <filesystem>
#include <string>

#include "config/service_policy.hpp"

namespace dms::runner {

// What dms-runner is told on its command line (the task itself comes over the socket).
struct RunnerOptions {
    std::filesystem::path plugin_file;
    std::string task_id;  // for `ps` and the runner's own error lines
    config::RunnerLimits limits;
};

// dms-runner's whole life: reads the task from the host on kRunnerSocketFd, limits itself, loads the
// plugin, runs the attempt, reports its outcome and ends the process (_exit, never returning) - or returns
// an exit status when there is no host to report to.
int run_runner_attempt(const RunnerOptions& options);

}  // namespace dms::runner
