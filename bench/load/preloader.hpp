#pragma once

#include "host_session.hpp"
#include "options.hpp"
#include "report.hpp"
#include "scenario_runner.hpp"

namespace dms::load {

// Fills the store with --preload queued tasks before the scenarios run: `sleep` tasks at low priority, which
// the parked worker and the sleep=1 cap keep queued, submitted over the API with 64 connections. Then the
// host restarts, to measure start-up and idle memory with that store.
class Preloader {
 public:
    Preloader(const LoadOptions& options, HostSession& session, ScenarioRunner& runner, Report& report)
        : options_(options), session_(session), runner_(runner), report_(report) {}

    void run();

 private:
    const LoadOptions& options_;
    HostSession& session_;
    ScenarioRunner& runner_;
    Report& report_;
};

}  // namespace dms::load
