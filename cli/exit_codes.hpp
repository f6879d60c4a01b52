#pragma once

namespace dms::cli {

// What dmsctl's exit code tells a script.
inline constexpr int kExitOk = 0;             // done; for watch and submit --wait: the task completed
inline constexpr int kExitError = 1;          // the request failed: unreachable host, an HTTP error, bad input
inline constexpr int kExitUsage = 2;          // the command line was wrong
inline constexpr int kExitTaskFailed = 3;     // the watched task failed
inline constexpr int kExitTaskCancelled = 4;  // the watched task was cancelled

}  // namespace dms::cli
