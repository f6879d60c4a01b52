#include "dispatch/attempt_ending.hpp"

#include <cmath>

#include <spdlog/fmt/fmt.h>

namespace dms::dispatch {

AttemptEnding decide_ending(const plugin::RunOutcome& outcome, StopReason reason, std::string_view stop_detail) {
    using Kind = plugin::RunOutcome::Kind;
    nlohmann::json result = outcome.result.is_object() ? outcome.result : nlohmann::json::object();
    bool interrupted = reason == StopReason::shutdown || reason == StopReason::lease_lost;

    if (outcome.kind == Kind::ok) {
        std::string log = reason == StopReason::user_cancel ? "Completed before the cancel request took effect"
                                                             : "Completed";
        return {task::Event::succeed, std::move(result), log};
    }
    if (interrupted) {
        std::string why = reason == StopReason::shutdown ? "host shutting down" : "lease lost";
        return {task::Event::requeue, nullptr, "Attempt interrupted (" + why + "); returned to its queue"};
    }
    if (reason == StopReason::timeout || reason == StopReason::stalled) {
        std::string code = reason == StopReason::timeout ? "timeout" : "stalled";
        std::string message = code + ": " + std::string(stop_detail);
        result["error"] = message;
        result["error_code"] = code;
        return {task::Event::fail, std::move(result), "Failed: " + message};
    }
    if (reason == StopReason::user_cancel) {
        std::string log = "Cancelled";
        if (outcome.kind == Kind::error && !outcome.message.empty()) log += " (plugin stopped with: " + outcome.message + ")";
        return {task::Event::cancel, std::move(result), log};
    }
    if (outcome.kind == Kind::cancelled) {
        // The plugin says it was cancelled though nobody asked: treat it as a failure, it did not finish.
        result["error"] = "plugin stopped without a cancel request";
        return {task::Event::fail, std::move(result), "Failed: plugin stopped without a cancel request"};
    }
    std::string message = outcome.message.empty() ? "plugin failed without a message" : outcome.message;
    result["error"] = message;
    return {task::Event::fail, std::move(result), "Failed: " + message};
}

std::chrono::milliseconds attempt_timeout(const task::Task& task, std::chrono::milliseconds service_timeout) {
    if (!task.timeout_seconds) return service_timeout;
    return std::chrono::milliseconds(std::llround(*task.timeout_seconds * 1000));
}

std::string timeout_detail(std::chrono::milliseconds timeout) {
    return fmt::format("the attempt ran longer than {:g}s", std::chrono::duration<double>(timeout).count());
}

}  // namespace dms::dispatch
