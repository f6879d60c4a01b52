#include "runner/runner_ending.hpp"

#include <csignal>

#include <spdlog/fmt/fmt.h>

namespace dms::runner {
namespace {

plugin::RunOutcome failure(std::string message) {
    plugin::RunOutcome outcome;
    outcome.kind = plugin::RunOutcome::Kind::error;
    outcome.message = std::move(message);
    return outcome;
}

std::string seconds_text(double seconds) { return fmt::format("{}s", seconds); }

}  // namespace

plugin::RunOutcome decide_runner_outcome(const RunnerEnding& ending) {
    if (ending.reported) return *ending.reported;
    if (ending.killed_after_grace) {
        return failure("plugin did not stop within " + seconds_text(ending.cancel_grace.count() / 1000.0) +
                       " of being cancelled and was killed");
    }
    if (!ending.protocol_error.empty()) {
        return failure("plugin runner sent a malformed frame (" + ending.protocol_error + ") and was killed");
    }
    if (!ending.exit) return failure("plugin runner ended without reporting an outcome");
    const ExitStatus& exit = *ending.exit;
    if (exit.killed_by_signal()) {
        std::string message = "plugin crashed: " + describe_signal(exit.signal);
        if (exit.signal == SIGXCPU && ending.cpu_limit_seconds > 0) {
            message += ", over its CPU limit of " + seconds_text(ending.cpu_limit_seconds);
        }
        return failure(message);
    }
    return failure("plugin runner exited with status " + std::to_string(exit.code) + " without reporting an outcome");
}

}  // namespace dms::runner
