#pragma once

#include <chrono>
#include <optional>
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
    std::optional<task::Timestamp> not_before{};  // with Event::retry
};

// Decides the ending from what the plugin said and why the host had asked it to stop (if it had):
// work that finished stays finished, a stop for shutdown or a lost lease puts the task back in its
// queue, a user's cancel ends it cancelled, a timeout or a stall fails it with result.error_code "timeout" or
// "stalled" (`stop_detail` says how long), and a failure keeps the plugin's message in result.error. Whether a
// failure is retried is the RetryPolicy's to say.
AttemptEnding decide_ending(const plugin::RunOutcome& outcome, StopReason reason, std::string_view stop_detail = {});

// The longest an attempt of `task` may run: its own timeout_seconds, else its service's `service_timeout`; zero: none.
// The host's workers and the external workers' gateway both go by it.
std::chrono::milliseconds attempt_timeout(const task::Task& task, std::chrono::milliseconds service_timeout);

// The stop_detail of an attempt stopped at `timeout`: "the attempt ran longer than 30s".
std::string timeout_detail(std::chrono::milliseconds timeout);

}  // namespace dms::dispatch
