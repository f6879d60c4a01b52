#include "runner/runner_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

#include "runner/runner_protocol.hpp"

extern char** environ;

namespace dms::runner {
namespace {

[[noreturn]] void throw_errno(int error, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what);
}

// Moves `fd` to 10 or above: the child's file actions dup2 onto 0..3, which must not be one of their sources.
UniqueFd above_standard_fds(UniqueFd fd) {
    if (fd.get() >= 10) return fd;
    const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 10);
    if (moved < 0) throw_errno(errno, "fcntl");
    return UniqueFd(moved);
}

// The host's ends never block: one thread watches the socket, the output and the clock at once.
void make_nonblocking(const UniqueFd& fd) {
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) throw_errno(errno, "fcntl");
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_t actions;

    SpawnSetup() {
        ::posix_spawnattr_init(&attributes);
        ::posix_spawn_file_actions_init(&actions);
    }
    ~SpawnSetup() {
        ::posix_spawn_file_actions_destroy(&actions);
        ::posix_spawnattr_destroy(&attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    void configure(int child_socket, int child_output) {
        sigset_t none;
        sigset_t all;
        ::sigemptyset(&none);
        ::sigfillset(&all);
        // The host may ignore SIGPIPE or block signals on this thread; the runner starts from the defaults.
        ::posix_spawnattr_setsigmask(&attributes, &none);
        ::posix_spawnattr_setsigdefault(&attributes, &all);
        ::posix_spawnattr_setpgroup(&attributes, 0);
        ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
        ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        ::posix_spawn_file_actions_adddup2(&actions, child_output, STDOUT_FILENO);
        ::posix_spawn_file_actions_adddup2(&actions, child_output, STDERR_FILENO);
        ::posix_spawn_file_actions_adddup2(&actions, child_socket, kRunnerSocketFd);
        // Every other descriptor, whatever another thread of the host opened without O_CLOEXEC.
        ::posix_spawn_file_actions_addclosefrom_np(&actions, kRunnerSocketFd + 1);
    }
};

}  // namespace

RunnerProcess RunnerProcess::spawn(const std::filesystem::path& program, const std::vector<std::string>& arguments) {
    // Close-on-exec everywhere, so a runner another thread starts at the same time never inherits these.
    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) throw_errno(errno, "socketpair");
    UniqueFd host_socket(sockets[0]);
    UniqueFd child_socket = above_standard_fds(UniqueFd(sockets[1]));
    int pipe_ends[2];
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0) throw_errno(errno, "pipe2");
    UniqueFd output(pipe_ends[0]);
    UniqueFd child_output = above_standard_fds(UniqueFd(pipe_ends[1]));
    make_nonblocking(host_socket);
    make_nonblocking(output);

    std::vector<std::string> words{program.string()};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);

    SpawnSetup setup;
    setup.configure(child_socket.get(), child_output.get());
    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, program.c_str(), &setup.actions, &setup.attributes, argv.data(), environ);
    if (error != 0) throw_errno(error, program.string());
    return RunnerProcess(pid, std::move(host_socket), std::move(output));
}

RunnerProcess::RunnerProcess(pid_t pid, UniqueFd socket, UniqueFd output)
    : pid_(pid), socket_(std::move(socket)), output_(std::move(output)) {}

RunnerProcess::RunnerProcess(RunnerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      socket_(std::move(other.socket_)),
      output_(std::move(other.output_)),
      exit_(std::move(other.exit_)) {}

RunnerProcess::~RunnerProcess() {
    if (pid_ <= 0 || exit_) return;
    kill();
    wait();
}

void RunnerProcess::kill() {
    if (pid_ <= 0 || exit_) return;
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);  // in case the plugin moved the runner to another group
}

std::optional<ExitStatus> RunnerProcess::try_reap() { return reap(false); }

ExitStatus RunnerProcess::wait() { return *reap(true); }

std::optional<ExitStatus> RunnerProcess::reap(bool block) {
    if (exit_ || pid_ <= 0) return exit_;
    // Looked at without reaping first: while the runner is a zombie its group id cannot be reused, so the
    // kill below reaches only what the plugin left behind.
    siginfo_t info{};
    int found = -1;
    do {
        found = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
    } while (found != 0 && errno == EINTR);
    if (found != 0) {
        exit_ = ExitStatus{};  // ECHILD: someone else reaped it; nothing is left to wait for
        return exit_;
    }
    if (info.si_pid == 0) return std::nullopt;
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exit_ = ExitStatus::from_wait_status(status);
    return exit_;
}

}  // namespace dms::runner
