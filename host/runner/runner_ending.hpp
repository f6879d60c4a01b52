#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "plugin/plugin_registry.hpp"
#include "runner/exit_status.hpp"

namespace dms::runner {

// What the host saw of one runner process, from which the attempt's outcome is decided.
struct RunnerEnding {
    std::optional<plugin::RunOutcome> reported;  // its "outcome" frame, when one came
    std::optional<ExitStatus> exit;              // how the process ended
    bool killed_after_grace = false;             // cancelled, it did not stop in time, and the host killed it
    std::chrono::milliseconds cancel_grace{0};
    std::string protocol_error;    // why the host killed a runner that sent a malformed frame
    double cpu_limit_seconds = 0;  // the RLIMIT_CPU it ran under; 0: none
};

// The attempt's outcome: the runner's own report when it made one, else why it ended without one, e.g.
// "plugin crashed: signal 11 (SIGSEGV)". A pure function, so every case is tested without a process.
plugin::RunOutcome decide_runner_outcome(const RunnerEnding& ending);

}  // namespace dms::runner
