#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "dispatch/attempt.hpp"
#include "plugin/plugin_registry.hpp"
#include "task/state_machine.hpp"

namespace dms::dispatch {

// How an attempt is written down once its plugin has returned.
struct AttemptEnding {
    task::Event event;
    nlohmann::json result;
    std::string log;
};

// Decides the ending from what the plugin said and why the host had asked it to stop (if it had):
// work that finished stays finished, a stop for shutdown or a lost lease puts the task back in its
// queue, a user's cancel ends it cancelled, and a failure keeps the plugin's message in result.error.
AttemptEnding decide_ending(const plugin::RunOutcome& outcome, StopReason reason);

}  // namespace dms::dispatch
