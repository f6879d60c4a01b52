#include "dmsctl_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace dms::test {
namespace {

using Clock = std::chrono::steady_clock;

// argv and envp prepared before fork, so the child only calls async-signal-safe functions.
struct ExecText {
    std::vector<std::string> argv_text;
    std::vector<std::string> env_text;
    std::vector<char*> argv;
    std::vector<char*> envp;

    ExecText(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
        argv_text.push_back(dmsctl_binary());
        argv_text.insert(argv_text.end(), args.begin(), args.end());
        const char* path = std::getenv("PATH");
        env_text.push_back(std::string("PATH=") + (path ? path : "/usr/bin:/bin"));
        for (const auto& [name, value] : env) env_text.push_back(name + "=" + value);
        for (auto& text : argv_text) argv.push_back(text.data());
        argv.push_back(nullptr);
        for (auto& text : env_text) envp.push_back(text.data());
        envp.push_back(nullptr);
    }
};

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return -1000;
}

// Reads every fd in `fds` into its sink until all reach end of file (or EIO, a pty whose child is gone),
// killing `pid` and throwing if that takes longer than `timeout`.
void read_all(std::vector<std::pair<int, std::string*>> fds, pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    char buffer[4096];
    while (!fds.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            for (auto& [fd, sink] : fds) ::close(fd);
            throw std::runtime_error("dmsctl did not finish in time");
        }
        std::vector<pollfd> waiting;
        for (auto& [fd, sink] : fds) waiting.push_back({fd, POLLIN, 0});
        int ready = ::poll(waiting.data(), waiting.size(), static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        for (std::size_t i = waiting.size(); i-- > 0;) {
            if (waiting[i].revents == 0) continue;
            ssize_t n = ::read(waiting[i].fd, buffer, sizeof(buffer));
            if (n > 0) {
                fds[i].second->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(waiting[i].fd);
                fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
    }
}

int wait_exit(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return decode_status(status);
}

}  // namespace

std::string dmsctl_binary() {
    const char* dir = std::getenv("DMS_TEST_BINARY_DIR");
    if (!dir) throw std::runtime_error("DMS_TEST_BINARY_DIR is not set (run the tests through ctest)");
    return std::string(dir) + "/cli/dmsctl";
}

DmsctlRun run_dmsctl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                     std::chrono::milliseconds timeout) {
    ExecText text(args, env);
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd >= 0) ::dup2(null_fd, 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        ::execve(text.argv[0], text.argv.data(), text.envp.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    DmsctlRun run;
    read_all({{out_pipe[0], &run.out}, {err_pipe[0], &run.err}}, pid, timeout);
    run.exit_code = wait_exit(pid);
    return run;
}

DmsctlRun run_dmsctl_in_terminal(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                                 unsigned short columns, std::chrono::milliseconds timeout) {
    ExecText text(args, env);
    winsize size{};
    size.ws_row = 40;
    size.ws_col = columns;
    int master = -1;
    pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid < 0) throw std::runtime_error(std::string("forkpty: ") + std::strerror(errno));
    if (pid == 0) {
        ::execve(text.argv[0], text.argv.data(), text.envp.data());
        ::_exit(127);
    }
    DmsctlRun run;
    read_all({{master, &run.out}}, pid, timeout);
    run.exit_code = wait_exit(pid);
    return run;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

}  // namespace dms::test
