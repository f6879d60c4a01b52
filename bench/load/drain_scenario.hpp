#pragma once

#include "host_session.hpp"
#include "options.hpp"
#include "report.hpp"
#include "scenario_runner.hpp"

namespace dms::load {

// Drain rate: N noop tasks queued in the store, then the host started, timed until none is queued or running.
// The tasks are queued by a "filler" start of the same data dir with a single worker, parked on the sleep
// task, so none of them runs early; the measured start then has the run's own worker count.
class DrainScenario {
 public:
    DrainScenario(const LoadOptions& options, HostSession& session, ScenarioRunner& runner, Report& report)
        : options_(options), session_(session), runner_(runner), report_(report) {}

    void run();

 private:
    const LoadOptions& options_;
    HostSession& session_;
    ScenarioRunner& runner_;
    Report& report_;
};

}  // namespace dms::load
