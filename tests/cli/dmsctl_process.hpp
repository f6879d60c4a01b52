#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace dms::test {

// How a dmsctl run ended and what it printed.
struct DmsctlRun {
    int exit_code = -1;  // -signal when a signal ended it
    std::string out;     // stdout (with a pseudo-terminal: everything the terminal showed)
    std::string err;     // stderr (empty with a pseudo-terminal, where both streams share the terminal)
};

// The dmsctl binary of this build tree (from DMS_TEST_BINARY_DIR).
std::string dmsctl_binary();

// Runs dmsctl with `args` and exactly `env` (plus PATH) and waits for it to exit; stdout and stderr kept
// apart. Throws when it does not exit within `timeout`.
DmsctlRun run_dmsctl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The same on a pseudo-terminal of `columns` columns (forkpty), as a person at a terminal runs it.
DmsctlRun run_dmsctl_in_terminal(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                                 unsigned short columns = 100,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The lines of `text`, without their line ends.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace dms::test
