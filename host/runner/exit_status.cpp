#include "runner/exit_status.hpp"

#include <sys/wait.h>

#include <cstring>

namespace dms::runner {

ExitStatus ExitStatus::from_wait_status(int status) {
    ExitStatus ended;
    if (WIFSIGNALED(status)) {
        ended.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
        ended.code = WEXITSTATUS(status);
    }
    return ended;
}

std::string describe_signal(int signal) {
    std::string text = "signal " + std::to_string(signal);
    // glibc's short name ("SEGV"); strsignal's long one only when it has no short one (a real-time signal).
    if (const char* abbreviation = ::sigabbrev_np(signal)) return text + " (SIG" + abbreviation + ")";
    if (const char* description = ::strsignal(signal)) return text + " (" + description + ")";
    return text;
}

}  // namespace dms::runner
