#pragma once

namespace dms::conformance {

// What dms-plugin-check's exit code says.
inline constexpr int kExitPassed = 0;  // every check passed (or was skipped)
inline constexpr int kExitFailed = 1;  // a check failed
inline constexpr int kExitUsage = 2;   // the command line was wrong

// Reads the command line, runs the checks and reports them.
// @return one of the exit codes above
int run_command_line(int argc, char** argv);

}  // namespace dms::conformance
