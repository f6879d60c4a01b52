#include "cli/host_launcher.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "cli/cli_error.hpp"

namespace dms::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHostName = "dms-host";

bool executable(const fs::path& path) {
    std::error_code error;
    return fs::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

std::vector<char*> argv_of(const fs::path& binary, const std::vector<std::string>& args,
                           std::vector<std::string>& text) {
    text = {binary.string()};
    text.insert(text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& item : text) argv.push_back(item.data());
    argv.push_back(nullptr);
    return argv;
}

// Reads both pipes to their ends, so that neither child stream can fill up and block the other.
void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string* sinks[2] = {&out, &err};
    int open = 2;
    char buffer[4096];
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            throw CliError(std::string("poll: ") + std::strerror(errno));
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
}

}  // namespace

fs::path HostLauncher::find() {
    std::error_code error;
    fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error && executable(self.parent_path() / kHostName)) return self.parent_path() / kHostName;
    if (executable(DMS_BUILD_TREE_HOST_BINARY)) return DMS_BUILD_TREE_HOST_BINARY;
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (std::size_t start = 0; start <= dirs.size();) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        fs::path candidate = fs::path(dirs.substr(start, end - start)) / kHostName;
        if (end > start && executable(candidate)) return candidate;
        start = end + 1;
    }
    throw CliError("dms-host not found: not next to dmsctl (" + self.parent_path().string() + ") nor on PATH");
}

void HostLauncher::exec(const fs::path& binary, const std::vector<std::string>& args) {
    std::vector<std::string> text;
    std::vector<char*> argv = argv_of(binary, args, text);
    ::execv(binary.c_str(), argv.data());
    throw CliError("cannot run " + binary.string() + ": " + std::strerror(errno));
}

HostLauncher::Captured HostLauncher::capture(const fs::path& binary, const std::vector<std::string>& args) {
    std::vector<std::string> text;
    std::vector<char*> argv = argv_of(binary, args, text);
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw CliError(std::string("pipe: ") + std::strerror(errno));
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        throw CliError(std::string("pipe: ") + std::strerror(errno));
    }
    pid_t pid = ::fork();
    if (pid < 0) throw CliError(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::dup2(out_pipe[1], STDOUT_FILENO);
        ::dup2(err_pipe[1], STDERR_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    Captured captured;
    drain(out_pipe[0], err_pipe[0], captured.out, captured.err);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    captured.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return captured;
}

}  // namespace dms::cli
