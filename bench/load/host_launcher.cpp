#include "host_launcher.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sync_client.hpp"

namespace dms::load {
namespace {

using Clock = std::chrono::steady_clock;

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Everything the child needs is prepared before fork, so the child only calls async-signal-safe functions.
pid_t spawn(const std::filesystem::path& binary, const std::map<std::string, std::string>& env,
            const std::filesystem::path& log_path) {
    std::string program = binary.string();
    std::vector<char*> argv{program.data(), nullptr};
    std::vector<std::string> env_text;
    for (const auto& [name, value] : env) env_text.push_back(name + "=" + value);
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

// The child's exit status once it has exited (reaping it), or nothing while it runs.
std::optional<int> reap(pid_t pid) {
    int status = 0;
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done != pid) return std::nullopt;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return -1000;
}

double millis_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

HostLauncher::~HostLauncher() { kill_now(); }

std::string HostLauncher::log_tail(std::size_t bytes) const {
    std::string text = read_text(settings_.work_dir / "host.log");
    return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

StartTimes HostLauncher::start(std::chrono::seconds timeout) {
    if (running()) throw std::logic_error("dms-host is already running");
    if (!std::filesystem::exists(settings_.binary)) {
        throw std::runtime_error("no dms-host at " + settings_.binary.string() + " (build it, or pass --host-binary)");
    }
    auto port_file = settings_.work_dir / "host.port";
    std::filesystem::remove(port_file);
    std::map<std::string, std::string> env{
        {"DMS_HOST", "127.0.0.1"},
        {"DMS_PORT", "0"},
        {"DMS_PORT_FILE", port_file.string()},
        {"DMS_DATA_DIR", settings_.data_dir.string()},
        {"DMS_PLUGIN_DIR", settings_.plugin_dir.string()},
        {"DMS_OPERATOR_TOKEN", settings_.operator_token},
        {"DMS_LOG_LEVEL", "warning"},
        {"DMS_WORKER_COUNT", std::to_string(settings_.workers)},
        {"DMS_HTTP_THREADS", std::to_string(settings_.http_threads)},
        {"DMS_SHUTDOWN_GRACE_SECONDS", "2"},
    };
    for (const auto& [name, value] : settings_.env) env[name] = value;

    auto started = Clock::now();
    pid_ = spawn(settings_.binary, env, settings_.work_dir / "host.log");
    ++starts_;
    auto deadline = started + timeout;
    StartTimes times;
    for (;;) {
        std::string text = read_text(port_file);
        if (!text.empty() && text.back() == '\n') {
            times.listening_ms = millis_since(started);
            times.listening_at = Clock::now();
            address_.port = static_cast<std::uint16_t>(std::stoi(text));
            break;
        }
        if (auto exit = reap(pid_)) {
            pid_ = -1;
            throw std::runtime_error("dms-host exited with " + std::to_string(*exit) + " while starting:\n" +
                                     log_tail());
        }
        if (Clock::now() >= deadline) {
            kill_now();
            throw std::runtime_error("dms-host did not listen in time:\n" + log_tail());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    for (;;) {
        try {
            SyncClient client(address_);
            if (client.get("/readyz").status == 200) break;
        } catch (const boost::system::system_error&) {
        }
        if (Clock::now() >= deadline) {
            kill_now();
            throw std::runtime_error("dms-host was not ready in time:\n" + log_tail());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    times.ready_ms = millis_since(started);
    return times;
}

int HostLauncher::stop(std::chrono::seconds timeout) {
    if (!running()) throw std::logic_error("dms-host is not running");
    ::kill(pid_, SIGTERM);
    auto deadline = Clock::now() + timeout;
    for (;;) {
        if (auto exit = reap(pid_)) {
            pid_ = -1;
            return *exit;
        }
        if (Clock::now() >= deadline) {
            kill_now();
            throw std::runtime_error("dms-host did not exit after SIGTERM:\n" + log_tail());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void HostLauncher::kill_now() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

}  // namespace dms::load
