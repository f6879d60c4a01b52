#pragma once

#include <chrono>
#include <filesystem>

#include "config/service_policy.hpp"

namespace dms::runner {

// How the host runs one service's attempts in a separate dms-runner process.
struct RunnerSettings {
    std::filesystem::path runner_path;              // the dms-runner executable
    config::RunnerLimits limits;                    // applied by the runner to itself; 0: no limit
    std::chrono::milliseconds cancel_grace{10000};  // after a cancel, how long the runner gets before SIGKILL
};

}  // namespace dms::runner
