#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plugin/plugin_registry.hpp"
#include "plugin/run_context.hpp"
#include "runner/frame_decoder.hpp"
#include "runner/runner_protocol.hpp"

namespace dms::runner {

// Exit status of a runner whose host went away (end-of-file or a broken socket): nobody is left to tell.
inline constexpr int kExitHostGone = 3;

// The runner's end of the socket to the host: the RunContext the plugin talks to, each call a frame, and a
// listener thread for what the host sends while the plugin runs. THREADING: the RunContext calls from any
// thread the plugin runs on; receive_run and send_outcome from the runner's main thread.
class HostLink : public plugin::RunContext {
 public:
    explicit HostLink(int socket) : socket_(socket) {}

    // Blocks for the host's "run" frame. Throws MalformedFrame, or std::runtime_error at end-of-file.
    RunFrame receive_run();

    // From now on a thread reads the host's frames: "cancel" turns cancelled() true, "checkpointed" lets a
    // checkpoint() return, and end-of-file - the host is gone - ends this process at once.
    void start_listening();

    void log(plugin::LogLevel level, std::string_view message) override;
    void progress(const task::Progress& progress) override;
    bool cancelled() const override { return cancelled_.load(); }
    // Returns once the host has stored the cursor, as in the host.
    void checkpoint(std::string_view cursor) override;
    void heartbeat() override;

    // The attempt's last frame. Never throws; when even that cannot be built (the plugin used up the
    // memory limit), a fixed frame saying so goes instead.
    void send_outcome(const plugin::RunOutcome& outcome);

 private:
    void listen();
    void handle(const nlohmann::json& frame);
    bool read_more();  // blocking; false at end-of-file
    void send(const nlohmann::json& frame);
    void write_all(std::string_view bytes);  // with send_mutex_ held

    int socket_;
    FrameDecoder decoder_;  // the main thread's until start_listening, then the listener's
    std::atomic<bool> cancelled_{false};
    std::mutex send_mutex_;  // one frame at a time on the socket; also orders checkpoint sequences
    std::uint64_t checkpoints_sent_ = 0;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_stored_;
    std::uint64_t checkpoints_stored_ = 0;
};

}  // namespace dms::runner
