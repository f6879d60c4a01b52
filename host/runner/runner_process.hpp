#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "runner/exit_status.hpp"
#include "runner/unique_fd.hpp"

namespace dms::runner {

// One dms-runner child process and the host's ends of its socket and output pipe. Whatever happens, the
// child is reaped: the destructor kills and waits for one still running, so no zombie is ever left.
class RunnerProcess {
 public:
    // Starts `program` with `arguments`: its end of a new socket pair as fd 3 (kRunnerSocketFd), stdout and
    // stderr into one pipe, stdin from /dev/null, no other descriptor of the host, default signal handling,
    // and a process group of its own (so a kill reaches what the plugin started, and a terminal's Ctrl-C
    // reaches the host alone). Throws std::system_error when it cannot start.
    static RunnerProcess spawn(const std::filesystem::path& program, const std::vector<std::string>& arguments);

    RunnerProcess(RunnerProcess&& other) noexcept;
    RunnerProcess& operator=(RunnerProcess&&) = delete;
    ~RunnerProcess();

    pid_t pid() const { return pid_; }
    // The host's ends, both non-blocking.
    int socket() const { return socket_.get(); }  // -1 once closed
    int output() const { return output_.get(); }
    void close_socket() { socket_.reset(); }
    void close_output() { output_.reset(); }

    // SIGKILL to the runner and its process group. Harmless once it has ended.
    void kill();

    // Reaps the runner if it has ended, killing anything left in its group first; else nothing. Never blocks.
    std::optional<ExitStatus> try_reap();

    // Blocks until the runner has ended, then reaps it as try_reap does.
    ExitStatus wait();

    const std::optional<ExitStatus>& exit_status() const { return exit_; }

 private:
    RunnerProcess(pid_t pid, UniqueFd socket, UniqueFd output);
    std::optional<ExitStatus> reap(bool block);

    pid_t pid_ = -1;
    UniqueFd socket_;
    UniqueFd output_;
    std::optional<ExitStatus> exit_;
};

}  // namespace dms::runner
