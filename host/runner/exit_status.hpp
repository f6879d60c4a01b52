#pragma once

#include <sys/types.h>
#include <string>

namespace dms::runner {

// How a runner process ended, from waitpid.
struct ExitStatus {
    int code = 0;    // the exit status, when it exited
    int signal = 0;  // the signal that killed it, else 0

    static ExitStatus from_wait_status(int status);
    bool killed_by_signal() const { return signal != 0; }
};

// "signal 11 (SIGSEGV)": the number, and the name where the C library knows it.
std::string describe_signal(int signal);

}  // namespace dms::runner
