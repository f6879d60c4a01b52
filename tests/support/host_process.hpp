#pragma once

#include <sys/types.h>

#include <csignal>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dms::test {

// How to start the real dms-host binary. Only these variables reach it: the test's own environment does
// not leak in.
struct HostProcessOptions {
    std::filesystem::path work_dir;                            // port and log files go here
    std::filesystem::path data_dir;                            // default: work_dir/data
    std::filesystem::path plugin_dir;                          // default: the bundled plugins
    std::optional<std::string> operator_token = "test-token";  // nullopt: DMS_OPERATOR_TOKEN unset
    std::map<std::string, std::string> env;                    // more DMS_* settings, overriding the defaults below
    std::vector<std::string> args;                             // command-line flags
};

// A dms-host child process on a free loopback port: started with fork/execve, its stdout and stderr in a
// log file, killed (SIGKILL) on destruction if still running.
class HostProcess {
 public:
    // Starts the host and waits (bounded) until it writes its port file; throws with the log when it
    // exits or does not come up in time.
    explicit HostProcess(HostProcessOptions options, std::chrono::milliseconds startup = std::chrono::seconds(15));
    ~HostProcess();
    HostProcess(const HostProcess&) = delete;
    HostProcess& operator=(const HostProcess&) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& log_path() const { return log_path_; }
    const std::filesystem::path& data_dir() const { return options_.data_dir; }

    // Everything the host has printed so far.
    std::string log() const;

    // SIGKILL, then reaps the child.
    void kill9();

    // Sends `signal` (SIGTERM unless told), then waits up to `timeout` for the exit. Returns the exit code,
    // or -signal when a signal ended it; throws (after SIGKILL) when it did not exit in time.
    int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(20), int signal = SIGTERM);

    bool running() const { return pid_ > 0; }

    // Whether the child has exited by itself (it is reaped then, and its status kept in `exit_status`).
    bool exited_by_itself(int* exit_status = nullptr);

 private:
    HostProcessOptions options_;
    std::filesystem::path log_path_;
    std::filesystem::path port_path_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

// What a dms-host run that is expected to exit by itself (--version, bad settings) left behind.
struct CommandResult {
    int exit_code = -1;  // -signal when a signal ended it
    std::string output;  // stdout and stderr together
};

// Runs dms-host with exactly these arguments and environment and waits (bounded) for it to exit.
CommandResult run_host_command(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                               const std::filesystem::path& work_dir,
                               std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Reads a whole file; empty when it does not exist.
std::string read_file(const std::filesystem::path& path);

}  // namespace dms::test
