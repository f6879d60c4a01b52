#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugin/plugin_registry.hpp"
#include "plugin/run_context.hpp"
#include "runner/frame_decoder.hpp"
#include "runner/runner_ending.hpp"
#include "runner/runner_output.hpp"
#include "runner/runner_process.hpp"
#include "runner/runner_settings.hpp"

namespace dms::runner {

// One attempt run in a dms-runner process instead of the host: starts the runner, forwards each of its
// reports to the RunContext, passes a cancel on (polled every kCancelPoll), kills the runner once the cancel
// grace runs out, and turns however it ended - an outcome, a crash, a kill - into a RunOutcome. Whatever the
// plugin does, the host's thread comes back and the process is reaped.
class IsolatedRun {
 public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kCancelPoll{50};
    // After its outcome a runner only exits; one still there after this is killed.
    static constexpr std::chrono::seconds kExitAfterOutcome{2};

    IsolatedRun(const RunnerSettings& settings, std::filesystem::path plugin_file, plugin::RunContext& context);

    // Runs `request` to its end on the calling thread. Never throws. Call once.
    plugin::RunOutcome run(const plugin::RunRequest& request);

 private:
    std::vector<std::string> runner_arguments(const plugin::RunRequest& request) const;
    void watch(RunnerProcess& process);
    void enforce_deadlines(RunnerProcess& process, Clock::time_point now);
    void wait_for_events(RunnerProcess& process);
    // Reads and handles what the socket has, up to a bound; true when it stopped at the bound, not the end.
    bool read_frames(RunnerProcess& process);
    void handle(const nlohmann::json& frame);
    void send_pending(RunnerProcess& process);
    void kill(RunnerProcess& process, const std::string& why);

    RunnerSettings settings_;  // a copy: the registry may go away while this runs
    std::filesystem::path plugin_file_;
    plugin::RunContext& context_;
    std::string label_;  // "runner of task <id>", for the host's log
    RunnerOutput output_;
    FrameDecoder decoder_;
    std::string outgoing_;  // frames not yet written to the runner
    RunnerEnding ending_;
    std::optional<Clock::time_point> cancel_sent_at_;
    std::optional<Clock::time_point> outcome_at_;
    bool killed_ = false;
};

// The host settings a runner gets in its "run" frame: those the host publishes from its configuration.
// The rest plugins read come from the environment, which the runner inherits.
std::map<std::string, std::string> forwarded_host_settings();

}  // namespace dms::runner
