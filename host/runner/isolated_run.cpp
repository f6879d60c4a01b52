#include "runner/isolated_run.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <system_error>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "plugin/host_settings.hpp"
#include "runner/runner_protocol.hpp"

namespace dms::runner {
namespace {

using plugin::RunOutcome;

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kReadsPerRound = 16;  // then the clock and the output get a look
// A pipe holds 64 KiB by default, four drains' worth; a stray process that escaped the runner's group could
// keep it open and full forever, so the last look is bounded too.
constexpr int kOutputDrainsAtExit = 8;
// Once the runner has closed its socket only its exit is awaited, which follows within moments.
constexpr std::chrono::milliseconds kExitPoll{5};

// Calls into the context as the in-host bridge does (host_api.cpp): what it throws goes no further.
template <class Call>
void ignoring_errors(Call&& call) {
    try {
        call();
    } catch (...) {
    }
}

RunOutcome failure(std::string message) {
    RunOutcome outcome;
    outcome.message = std::move(message);
    return outcome;
}

}  // namespace

std::map<std::string, std::string> forwarded_host_settings() { return plugin::known_host_settings(); }

IsolatedRun::IsolatedRun(const RunnerSettings& settings, std::filesystem::path plugin_file, plugin::RunContext& context)
    : settings_(settings), plugin_file_(std::move(plugin_file)), context_(context), output_("runner") {
    ending_.cancel_grace = settings_.cancel_grace;
    ending_.cpu_limit_seconds = settings_.limits.cpu_seconds;
}

RunOutcome IsolatedRun::run(const plugin::RunRequest& request) {
    label_ = "runner of task " + request.task_id;
    output_ = RunnerOutput(label_);
    try {
        outgoing_ = encode_frame(run_frame(RunFrame{request, forwarded_host_settings()}));
    } catch (const std::exception& error) {
        return failure(std::string("cannot hand the task to a plugin runner: ") + error.what());
    }
    std::optional<RunnerProcess> process;
    try {
        process.emplace(RunnerProcess::spawn(settings_.runner_path, runner_arguments(request)));
    } catch (const std::exception& error) {
        return failure(std::string("cannot start the plugin runner: ") + error.what());
    }
    spdlog::debug("{}: pid {}, plugin {}", label_, process->pid(), plugin_file_.string());
    try {
        watch(*process);
    } catch (const std::exception& error) {
        // The process's destructor kills and reaps it.
        spdlog::error("{}: {}", label_, error.what());
        return failure(std::string("the plugin runner was lost: ") + error.what());
    }
    ending_.exit = process->exit_status();
    RunOutcome outcome = decide_runner_outcome(ending_);
    if (!ending_.reported) spdlog::warn("{}: {}", label_, outcome.message);
    return outcome;
}

std::vector<std::string> IsolatedRun::runner_arguments(const plugin::RunRequest& request) const {
    // The task id is there for `ps` alone.
    std::vector<std::string> arguments{"--plugin", plugin_file_.string(), "--task-id", request.task_id};
    const config::RunnerLimits& limits = settings_.limits;
    if (limits.cpu_seconds > 0)
        arguments.insert(arguments.end(), {"--cpu-seconds", fmt::format("{}", limits.cpu_seconds)});
    if (limits.memory_mb > 0) arguments.insert(arguments.end(), {"--memory-mb", std::to_string(limits.memory_mb)});
    if (limits.open_files > 0) arguments.insert(arguments.end(), {"--open-files", std::to_string(limits.open_files)});
    return arguments;
}

void IsolatedRun::watch(RunnerProcess& process) {
    while (!process.try_reap()) {
        const auto now = Clock::now();
        if (!cancel_sent_at_ && context_.cancelled()) {
            cancel_sent_at_ = now;
            outgoing_ += encode_frame(cancel_frame());
        }
        enforce_deadlines(process, now);
        wait_for_events(process);
    }
    // Dead, and its group killed: what it wrote before it ended is all there (at most a socket buffer's worth,
    // since a writer blocks on a full one), and nothing more can come.
    while (process.socket() >= 0 && read_frames(process)) {
    }
    for (int round = 0; round < kOutputDrainsAtExit && process.output() >= 0; ++round) {
        if (!output_.drain(process.output())) process.close_output();
    }
    output_.finish();
}

void IsolatedRun::enforce_deadlines(RunnerProcess& process, Clock::time_point now) {
    if (killed_) return;
    if (cancel_sent_at_ && !ending_.reported && now - *cancel_sent_at_ >= settings_.cancel_grace) {
        ending_.killed_after_grace = true;
        kill(process, "it did not stop within the cancel grace");
    } else if (outcome_at_ && now - *outcome_at_ >= kExitAfterOutcome) {
        kill(process, "it did not exit after reporting its outcome");
    }
}

void IsolatedRun::wait_for_events(RunnerProcess& process) {
    pollfd fds[2];
    nfds_t count = 0;
    const int socket = process.socket();
    if (socket >= 0) fds[count++] = pollfd{socket, static_cast<short>(POLLIN | (outgoing_.empty() ? 0 : POLLOUT)), 0};
    if (process.output() >= 0) fds[count++] = pollfd{process.output(), POLLIN, 0};
    const auto timeout = socket >= 0 ? kCancelPoll : kExitPoll;
    if (::poll(fds, count, static_cast<int>(timeout.count())) <= 0) return;
    for (nfds_t i = 0; i < count; ++i) {
        if (fds[i].revents == 0) continue;
        if (fds[i].fd == socket) {
            if (fds[i].revents & POLLOUT) send_pending(process);
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) read_frames(process);
        } else if (!output_.drain(fds[i].fd)) {
            process.close_output();
        }
    }
}

bool IsolatedRun::read_frames(RunnerProcess& process) {
    char buffer[kReadChunk];
    for (int round = 0; round < kReadsPerRound; ++round) {
        const ssize_t got = ::recv(process.socket(), buffer, sizeof(buffer), MSG_DONTWAIT);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
        if (got <= 0) {  // end-of-file, or the connection reset by a runner that died
            process.close_socket();
            return false;
        }
        decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
        try {
            while (auto frame = decoder_.next()) handle(*frame);
        } catch (const MalformedFrame& malformed) {
            ending_.protocol_error = malformed.what();
            kill(process, std::string("it sent a malformed frame: ") + malformed.what());
            process.close_socket();
            return false;
        }
    }
    return true;
}

void IsolatedRun::handle(const nlohmann::json& frame) {
    const std::string& type = frame_type(frame);
    if (type == "outcome") {
        if (!ending_.reported) {
            ending_.reported = read_outcome(frame);
            outcome_at_ = Clock::now();
        }
        return;
    }
    if (ending_.reported) return;  // nothing counts after the outcome
    // Each frame is read whole before the context is called: a malformed one (MalformedFrame) is the runner's.
    if (type == "log") {
        const auto level = read_log_level(frame);
        const std::string message = read_log_message(frame);
        ignoring_errors([&] { context_.log(level, message); });
    } else if (type == "progress") {
        const task::Progress progress = read_progress(frame);
        ignoring_errors([&] { context_.progress(progress); });
    } else if (type == "checkpoint") {
        const CheckpointReport checkpoint = read_checkpoint(frame);
        ignoring_errors([&] { context_.checkpoint(checkpoint.cursor); });
        outgoing_ += encode_frame(checkpointed_frame(checkpoint.sequence));
    } else if (type == "heartbeat") {
        ignoring_errors([&] { context_.heartbeat(); });
    } else {
        spdlog::debug("{}: ignored a frame of type '{}'", label_, type);
    }
}

void IsolatedRun::send_pending(RunnerProcess& process) {
    while (!outgoing_.empty()) {
        const ssize_t sent = ::send(process.socket(), outgoing_.data(), outgoing_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (sent < 0) {  // the runner closed its end: it will not read again
            outgoing_.clear();
            return;
        }
        outgoing_.erase(0, static_cast<std::size_t>(sent));
    }
}

void IsolatedRun::kill(RunnerProcess& process, const std::string& why) {
    killed_ = true;
    spdlog::warn("{}: killing pid {}: {}", label_, process.pid(), why);
    process.kill();
}

}  // namespace dms::runner
