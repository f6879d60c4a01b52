#include "runner/host_link.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <thread>

namespace dms::runner {
namespace {

[[noreturn]] void host_gone(const char* why) {
    std::fprintf(stderr, "dms-runner: %s; exiting\n", why);
    std::fflush(nullptr);
    ::_exit(kExitHostGone);
}

// An outcome frame built at compile time, for when the plugin left no memory to build one.
constexpr char kOutOfMemoryOutcome[] =
    R"({"type":"outcome","status":"error","message":"plugin ran out of memory","permanent":false,"result":{}})";

}  // namespace

RunFrame HostLink::receive_run() {
    for (;;) {
        if (auto frame = decoder_.next()) return read_run_frame(*frame);
        if (!read_more()) throw std::runtime_error("the host closed the socket before sending the task");
    }
}

void HostLink::start_listening() {
    // Detached: the process ends with _exit when the attempt is over, whatever this thread is doing.
    std::thread([this] { listen(); }).detach();
}

void HostLink::listen() {
    try {
        for (;;) {
            while (auto frame = decoder_.next()) handle(*frame);
            if (!read_more()) host_gone("the host closed the socket");
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "dms-runner: %s\n", error.what());
        host_gone("unreadable frame from the host");
    }
}

void HostLink::handle(const nlohmann::json& frame) {
    const std::string& type = frame_type(frame);
    if (type == "cancel") {
        cancelled_ = true;
    } else if (type == "checkpointed") {
        const std::uint64_t sequence = read_checkpointed(frame);
        std::lock_guard lock(checkpoint_mutex_);
        if (sequence > checkpoints_stored_) checkpoints_stored_ = sequence;
        checkpoint_stored_.notify_all();
    }
}

bool HostLink::read_more() {
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t got = ::recv(socket_, buffer, sizeof(buffer), 0);
        if (got > 0) {
            decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
            return true;
        }
        if (got < 0 && errno == EINTR) continue;
        return false;
    }
}

void HostLink::log(plugin::LogLevel level, std::string_view message) { send(log_frame(level, message)); }

void HostLink::progress(const task::Progress& progress) { send(progress_frame(progress)); }

void HostLink::heartbeat() { send(heartbeat_frame()); }

void HostLink::checkpoint(std::string_view cursor) {
    std::uint64_t sequence = 0;
    {
        std::lock_guard lock(send_mutex_);
        sequence = ++checkpoints_sent_;
        write_all(encode_frame(checkpoint_frame(cursor, sequence)));
    }
    std::unique_lock lock(checkpoint_mutex_);
    checkpoint_stored_.wait(lock, [&] { return checkpoints_stored_ >= sequence; });
}

void HostLink::send_outcome(const plugin::RunOutcome& outcome) {
    try {
        send(outcome_frame(outcome));
        return;
    } catch (const MalformedFrame& too_long) {
        try {
            plugin::RunOutcome refused;
            refused.message = std::string("plugin's outcome could not be sent: ") + too_long.what();
            send(outcome_frame(refused));
            return;
        } catch (...) {
        }
    } catch (...) {
    }
    const std::size_t length = sizeof(kOutOfMemoryOutcome) - 1;
    const char frame[4] = {0, 0, static_cast<char>(length >> 8), static_cast<char>(length & 0xff)};
    std::lock_guard lock(send_mutex_);
    write_all(std::string_view(frame, sizeof(frame)));
    write_all(std::string_view(kOutOfMemoryOutcome, length));
}

void HostLink::send(const nlohmann::json& frame) {
    const std::string bytes = encode_frame(frame);
    std::lock_guard lock(send_mutex_);
    write_all(bytes);
}

void HostLink::write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(socket_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0) host_gone("the socket to the host broke");
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

}  // namespace dms::runner
