#pragma once

// The protocol between dms-host and one dms-runner process, which runs exactly one attempt.
//
// Transport: a Unix stream socket the runner inherits as fd 3 (kRunnerSocketFd) - never stdout or stderr,
// which a plugin may fill with anything (the host drains those into its debug log, bounded). Each frame is
// a 4-byte big-endian length, then that many bytes of one JSON object with a "type" (frame_decoder.hpp),
// at most kMaxFrameBytes. Either side ignores frame types it does not know.
//
// host -> runner
//   {"type":"run", "task_id", "service", "user_id", "parameters":{...}, "resume_cursor", "attempt":1,
//    "settings":{"DMS_DATA_DIR":"...", ...}}        first, once; settings are what plugins read through
//                                                   host_setting (the environment supplies the rest)
//   {"type":"cancel"}                               stop soon: the plugin's cancelled() turns true
//   {"type":"checkpointed", "sequence":n}           checkpoint n is stored; the plugin's checkpoint() returns
//
// runner -> host
//   {"type":"log", "level":"debug|info|warn|error", "message"}
//   {"type":"progress", "done", "total", "unit", "message"}
//   {"type":"checkpoint", "cursor", "sequence":n}   n counts from 1; the call waits for "checkpointed", so a
//                                                   checkpoint is as durable as in the host when it returns
//   {"type":"heartbeat"}
//   {"type":"outcome", "status":"ok|error|cancelled", "message", "permanent":false, "result":{...}}   last
//
// Life: the host starts `dms-runner --plugin <file.so> [--cpu-seconds n] [--memory-mb n] [--open-files n]`
// and sends "run"; the runner applies the limits to itself, loads the plugin, runs the attempt, sends
// "outcome" and exits 0. End-of-file on the socket means the host is gone: the runner exits at once. A
// runner that exits without an outcome crashed; one that outlives the cancel grace is killed (SIGKILL).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plugin/plugin_registry.hpp"
#include "plugin/run_context.hpp"
#include "task/task.hpp"

namespace dms::runner {

// The descriptor the runner finds its end of the socket on.
inline constexpr int kRunnerSocketFd = 3;

// The "run" frame's contents.
struct RunFrame {
    plugin::RunRequest request;
    std::map<std::string, std::string> settings;
};

nlohmann::json run_frame(const RunFrame& run);
nlohmann::json cancel_frame();
nlohmann::json checkpointed_frame(std::uint64_t sequence);

nlohmann::json log_frame(plugin::LogLevel level, std::string_view message);
nlohmann::json progress_frame(const task::Progress& progress);
nlohmann::json checkpoint_frame(std::string_view cursor, std::uint64_t sequence);
nlohmann::json heartbeat_frame();
nlohmann::json outcome_frame(const plugin::RunOutcome& outcome);

// A "checkpoint" frame's contents.
struct CheckpointReport {
    std::string cursor;
    std::uint64_t sequence = 0;
};

// Readers of the frames above; each throws MalformedFrame when a member is missing or of the wrong kind.
RunFrame read_run_frame(const nlohmann::json& frame);
std::uint64_t read_checkpointed(const nlohmann::json& frame);
plugin::LogLevel read_log_level(const nlohmann::json& frame);
std::string read_log_message(const nlohmann::json& frame);
task::Progress read_progress(const nlohmann::json& frame);
CheckpointReport read_checkpoint(const nlohmann::json& frame);
plugin::RunOutcome read_outcome(const nlohmann::json& frame);

// A frame's "type"; frames come out of FrameDecoder::next, which checks there is one.
inline const std::string& frame_type(const nlohmann::json& frame) {
    return frame["type"].get_ref<const std::string&>();
}

}  // namespace dms::runner
