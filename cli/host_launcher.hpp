#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dms::cli {

// Finds and runs the dms-host binary for `serve` and `show-config`: the one next to dmsctl first (an
// installation), then the build tree's (a developer's checkout), then the first on PATH.
class HostLauncher {
 public:
    // What a dms-host run that exits by itself printed.
    struct Captured {
        int exit_code = -1;
        std::string out;
        std::string err;
    };

    // The binary, or a CliError saying where it was looked for.
    static std::filesystem::path find();

    // Replaces this process with dms-host and `args`; returns only by throwing CliError.
    [[noreturn]] static void exec(const std::filesystem::path& binary, const std::vector<std::string>& args);

    // Runs dms-host with `args` to the end, its output kept apart.
    static Captured capture(const std::filesystem::path& binary, const std::vector<std::string>& args);
};

}  // namespace dms::cli
