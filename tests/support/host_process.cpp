#include "support/host_process.hpp"
#include "support/test_host.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace dms::test {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<int> next_process_number{0};

// Forks and execs dms-host with stdout and stderr appended to `log_path`. Everything the child needs is
// prepared before fork, so the child only calls async-signal-safe functions.
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::filesystem::path& log_path) {
    std::vector<std::string> argv_text{DMS_HOST_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<std::string> env_text;
    for (const auto& [name, value] : env) env_text.push_back(name + "=" + value);
    std::vector<char*> argv;
    for (auto& text : argv_text) argv.push_back(text.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& text : env_text) envp.push_back(text.data());
    envp.push_back(nullptr);

    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) throw std::runtime_error("cannot open " + log_path.string() + ": " + std::strerror(errno));
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(log_fd);
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd >= 0) ::dup2(null_fd, 0);
        ::dup2(log_fd, 1);
        ::dup2(log_fd, 2);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(log_fd);
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return -1000;
}

// Waits for the child until `deadline`; the decoded exit status, or nothing when it still runs.
std::optional<int> wait_for_exit(pid_t pid, Clock::time_point deadline) {
    for (;;) {
        int status = 0;
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return decode_status(status);
        if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

HostProcess::HostProcess(HostProcessOptions options, std::chrono::milliseconds startup) : options_(std::move(options)) {
    if (options_.data_dir.empty()) options_.data_dir = options_.work_dir / "data";
    if (options_.plugin_dir.empty()) {
        options_.plugin_dir = make_plugin_dir(options_.work_dir / "bundled-plugins",
                                              {bundled_plugin("noop"), bundled_plugin("sleep")});
    }
    int number = next_process_number++;
    log_path_ = options_.work_dir / ("host-" + std::to_string(number) + ".log");
    port_path_ = options_.work_dir / ("host-" + std::to_string(number) + ".port");

    std::map<std::string, std::string> env{
        {"DMS_HOST", "127.0.0.1"},
        {"DMS_PORT", "0"},
        {"DMS_PORT_FILE", port_path_.string()},
        {"DMS_DATA_DIR", options_.data_dir.string()},
        {"DMS_PLUGIN_DIR", options_.plugin_dir.string()},
        {"DMS_LOG_JSON", "false"},
        {"DMS_TIMEZONE", "UTC"},
        {"DMS_WORKER_COUNT", "2"},
        {"DMS_HTTP_THREADS", "2"},
        {"DMS_SHUTDOWN_GRACE_SECONDS", "5"},
        {"DMS_CANCEL_GRACE_SECONDS", "2"},
    };
    if (options_.operator_token) env["DMS_OPERATOR_TOKEN"] = *options_.operator_token;
    for (const auto& [name, value] : options_.env) env[name] = value;

    pid_ = spawn(options_.args, env, log_path_);
    auto deadline = Clock::now() + startup;
    for (;;) {
        std::string text = read_file(port_path_);
        if (!text.empty() && text.back() == '\n') {
            port_ = static_cast<std::uint16_t>(std::stoi(text));
            return;
        }
        if (auto exit = wait_for_exit(pid_, Clock::now())) {
            pid_ = -1;
            throw std::runtime_error("dms-host exited with " + std::to_string(*exit) + " before listening:\n" + log());
        }
        if (Clock::now() >= deadline) {
            kill9();
            throw std::runtime_error("dms-host did not write its port file in time:\n" + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

HostProcess::~HostProcess() {
    if (running()) kill9();
}

std::string HostProcess::log() const { return read_file(log_path_); }

void HostProcess::kill9() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

bool HostProcess::exited_by_itself(int* exit_status) {
    if (!running()) return true;
    auto exit = wait_for_exit(pid_, Clock::now());
    if (!exit) return false;
    pid_ = -1;
    if (exit_status) *exit_status = *exit;
    return true;
}

int HostProcess::terminate(std::chrono::milliseconds timeout, int signal) {
    if (!running()) throw std::logic_error("dms-host is not running");
    ::kill(pid_, signal);
    auto exit = wait_for_exit(pid_, Clock::now() + timeout);
    if (!exit) {
        kill9();
        throw std::runtime_error("dms-host did not exit within the timeout after signal " + std::to_string(signal) +
                                 ":\n" + log());
    }
    pid_ = -1;
    return *exit;
}

CommandResult run_host_command(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                               const std::filesystem::path& work_dir, std::chrono::milliseconds timeout) {
    auto log_path = work_dir / ("command-" + std::to_string(next_process_number++) + ".log");
    pid_t pid = spawn(args, env, log_path);
    CommandResult result;
    auto exit = wait_for_exit(pid, Clock::now() + timeout);
    if (!exit) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        throw std::runtime_error("dms-host did not exit in time:\n" + read_file(log_path));
    }
    result.exit_code = *exit;
    result.output = read_file(log_path);
    return result;
}

}  // namespace dms::test
