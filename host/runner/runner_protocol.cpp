#include "runner/runner_protocol.hpp"

#include "runner/frame_decoder.hpp"

namespace dms::runner {
namespace {

using plugin::LogLevel;
using plugin::RunOutcome;

std::string_view level_name(LogLevel level) {
    switch (level) {
        case LogLevel::debug:
            return "debug";
        case LogLevel::warn:
            return "warn";
        case LogLevel::error:
            return "error";
        default:
            return "info";
    }
}

std::string_view status_name(RunOutcome::Kind kind) {
    switch (kind) {
        case RunOutcome::Kind::ok:
            return "ok";
        case RunOutcome::Kind::cancelled:
            return "cancelled";
        default:
            return "error";
    }
}

// frame[name] as T, or MalformedFrame naming the member.
template <class T>
T member(const nlohmann::json& frame, const char* name) {
    try {
        return frame.at(name).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw MalformedFrame("a \"" + frame_type(frame) + "\" frame without a valid \"" + name + "\"");
    }
}

// The same for an optional member: `fallback` when it is absent.
template <class T>
T member_or(const nlohmann::json& frame, const char* name, T fallback) {
    return frame.contains(name) ? member<T>(frame, name) : fallback;
}

}  // namespace

nlohmann::json run_frame(const RunFrame& run) {
    const plugin::RunRequest& request = run.request;
    return {{"type", "run"},
            {"task_id", request.task_id},
            {"service", request.service},
            {"user_id", request.user_id},
            {"parameters", request.parameters},
            {"resume_cursor", request.resume_cursor},
            {"attempt", request.attempt},
            {"settings", run.settings}};
}

nlohmann::json cancel_frame() { return {{"type", "cancel"}}; }

nlohmann::json checkpointed_frame(std::uint64_t sequence) { return {{"type", "checkpointed"}, {"sequence", sequence}}; }

nlohmann::json log_frame(LogLevel level, std::string_view message) {
    return {{"type", "log"}, {"level", level_name(level)}, {"message", message}};
}

nlohmann::json progress_frame(const task::Progress& progress) {
    return {{"type", "progress"},
            {"done", progress.done},
            {"total", progress.total},
            {"unit", progress.unit},
            {"message", progress.message}};
}

nlohmann::json checkpoint_frame(std::string_view cursor, std::uint64_t sequence) {
    return {{"type", "checkpoint"}, {"cursor", cursor}, {"sequence", sequence}};
}

nlohmann::json heartbeat_frame() { return {{"type", "heartbeat"}}; }

nlohmann::json outcome_frame(const RunOutcome& outcome) {
    return {{"type", "outcome"},
            {"status", status_name(outcome.kind)},
            {"message", outcome.message},
            {"permanent", outcome.permanent},
            {"result", outcome.result}};
}

RunFrame read_run_frame(const nlohmann::json& frame) {
    if (frame_type(frame) != "run") throw MalformedFrame("expected a \"run\" frame, got \"" + frame_type(frame) + "\"");
    RunFrame run;
    run.request.task_id = member<std::string>(frame, "task_id");
    run.request.service = member<std::string>(frame, "service");
    run.request.user_id = member<std::string>(frame, "user_id");
    run.request.parameters = member_or(frame, "parameters", nlohmann::json::object());
    run.request.resume_cursor = member_or<std::string>(frame, "resume_cursor", "");
    run.request.attempt = member_or(frame, "attempt", 1);
    run.settings = member_or(frame, "settings", std::map<std::string, std::string>{});
    return run;
}

std::uint64_t read_checkpointed(const nlohmann::json& frame) { return member<std::uint64_t>(frame, "sequence"); }

LogLevel read_log_level(const nlohmann::json& frame) {
    const std::string level = member<std::string>(frame, "level");
    if (level == "debug") return LogLevel::debug;
    if (level == "warn") return LogLevel::warn;
    if (level == "error") return LogLevel::error;
    return LogLevel::info;
}

std::string read_log_message(const nlohmann::json& frame) { return member<std::string>(frame, "message"); }

task::Progress read_progress(const nlohmann::json& frame) {
    return task::Progress{member<double>(frame, "done"), member<double>(frame, "total"),
                          member_or<std::string>(frame, "unit", ""), member_or<std::string>(frame, "message", "")};
}

CheckpointReport read_checkpoint(const nlohmann::json& frame) {
    return CheckpointReport{member<std::string>(frame, "cursor"), member<std::uint64_t>(frame, "sequence")};
}

RunOutcome read_outcome(const nlohmann::json& frame) {
    RunOutcome outcome;
    const std::string status = member<std::string>(frame, "status");
    if (status == "ok") {
        outcome.kind = RunOutcome::Kind::ok;
    } else if (status == "cancelled") {
        outcome.kind = RunOutcome::Kind::cancelled;
    } else if (status == "error") {
        outcome.kind = RunOutcome::Kind::error;
    } else {
        throw MalformedFrame("an \"outcome\" frame with status \"" + status + "\"");
    }
    outcome.message = member_or<std::string>(frame, "message", "");
    outcome.permanent = member_or(frame, "permanent", false);
    outcome.result = member_or(frame, "result", nlohmann::json::object());
    if (outcome.result.is_null()) outcome.result = nlohmann::json::object();
    if (!outcome.result.is_object()) throw MalformedFrame("an \"outcome\" frame whose \"result\" is not an object");
    if (outcome.kind == RunOutcome::Kind::error && outcome.message.empty()) {
        outcome.message = "the plugin failed without a message";
    }
    return outcome;
}

}  // namespace dms::runner
