#include "isolated_call.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <thread>

#include "report_text.hpp"

namespace dms::conformance {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kLoadSeconds = 30;

Clock::time_point after(double seconds) {
    return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

[[noreturn]] void run_child(const std::function<CheckOutcome(ChildChannel&)>& body, int fd) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a hung plugin must not outlive a kit stopped with Ctrl-C
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);  // crashing is what some checks are about; no core files for them
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    ChildChannel channel(fd);
    CheckOutcome outcome;
    try {
        outcome = body(channel);
    } catch (const std::exception& e) {
        outcome = CheckOutcome::fail(one_line(e.what()));
    }
    channel.finish(outcome);
    std::_Exit(0);  // no atexit handlers or static destructors: they are the plugin's, and not under test
}

// The kit's side of one child: follows its stages and deadlines, then reads how it ended.
class ChildWatch {
public:
    ChildWatch(pid_t pid, int fd) : pid_(pid), fd_(fd) {}

    CheckOutcome outcome() {
        const bool ended = read_messages();
        ::close(fd_);
        if (!ended || !wait_for_exit()) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status_, 0);
            return CheckOutcome::fail(on_timeout_ + "; killed");
        }
        if (WIFSIGNALED(status_)) return CheckOutcome::fail(signal_text(WTERMSIG(status_)));
        if (WIFEXITED(status_) && WEXITSTATUS(status_) == 0 && outcome_) return *outcome_;
        return CheckOutcome::fail("the process ended with exit(" + std::to_string(WEXITSTATUS(status_)) + ") in " +
                                  stage_ + ", before the check could finish");
    }

private:
    // Reads messages until the child closes the pipe; false when a deadline passed first.
    bool read_messages() {
        std::string buffer;
        char chunk[65536];
        for (;;) {
            const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
            if (remaining.count() <= 0) return false;
            pollfd readable{fd_, POLLIN, 0};
            if (::poll(&readable, 1, static_cast<int>(std::min<long long>(remaining.count(), 1000))) <= 0) continue;
            const ssize_t n = ::read(fd_, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return true;
            buffer.append(chunk, static_cast<std::size_t>(n));
            for (auto end = buffer.find('\n'); end != std::string::npos; end = buffer.find('\n')) {
                handle(nlohmann::json::parse(buffer.substr(0, end), nullptr, false));
                buffer.erase(0, end + 1);
            }
        }
    }

    void handle(const nlohmann::json& message) {
        if (!message.is_object()) return;
        if (message.contains("outcome")) outcome_ = outcome_from_json(message.at("outcome"));
        if (message.contains("stage")) {
            stage_ = message.value("stage", "");
            on_timeout_ = message.value("on_timeout", "");
            deadline_ = after(message.value("seconds", 0.0));
        }
    }

    // The child closed its end; it should be gone at once, but a plugin may have closed the pipe itself.
    bool wait_for_exit() {
        for (;;) {
            const pid_t done = ::waitpid(pid_, &status_, WNOHANG);
            if (done == pid_) return true;
            if (done < 0 && errno != EINTR) return true;
            if (Clock::now() >= deadline_) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    std::string signal_text(int signal) const {
        const char* abbreviation = ::sigabbrev_np(signal);
        std::string text = "crashed with SIG" + std::string(abbreviation != nullptr ? abbreviation : "?") + " (" +
                           ::strsignal(signal) + ") in " + stage_;
        if (signal == SIGABRT) text += ": std::abort, a failed assertion, or an exception escaping into C";
        return text;
    }

    pid_t pid_;
    int fd_;
    int status_ = 0;
    std::string stage_ = "load";
    std::string on_timeout_ = "loading the plugin (dlopen, dms_plugin_init) did not end within 30 s";
    Clock::time_point deadline_ = after(kLoadSeconds);
    std::optional<CheckOutcome> outcome_;
};

}  // namespace

void ChildChannel::enter(const std::string& stage, double seconds, const std::string& on_timeout) {
    send({{"stage", stage}, {"seconds", seconds}, {"on_timeout", on_timeout}});
}

void ChildChannel::finish(const CheckOutcome& outcome) { send({{"outcome", to_json(outcome)}}); }

void ChildChannel::send(const nlohmann::json& message) {
    // error_handler_t::replace: a plugin's message may hold bytes that are not UTF-8.
    const std::string line = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
    std::lock_guard lock(mutex_);
    for (std::size_t written = 0; written < line.size();) {
        const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        written += static_cast<std::size_t>(n);
    }
}

CheckOutcome run_isolated(const std::function<CheckOutcome(ChildChannel&)>& body) {
    std::cout.flush();  // else the child would print the kit's buffered lines a second time
    std::cerr.flush();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return CheckOutcome::fail(std::string("cannot make a pipe: ") + std::strerror(errno));
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return CheckOutcome::fail(std::string("cannot fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::close(fds[0]);
        run_child(body, fds[1]);
    }
    ::close(fds[1]);
    return ChildWatch(pid, fds[0]).outcome();
}

}  // namespace dms::conformance
