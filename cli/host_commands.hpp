#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.hpp"

namespace dms::cli {

// `dmsctl serve` starts dms-host in this process's place; `dmsctl show-config` prints dmsctl's own
// settings and the host's effective configuration. Both pass every argument after them to dms-host.
class HostCommands {
 public:
    HostCommands(CLI::App& app, const GlobalOptions& options, int& exit_code);

 private:
    void serve();
    void show_config();

    const GlobalOptions& options_;
    int& exit_code_;
    CLI::App* serve_ = nullptr;
    CLI::App* show_config_ = nullptr;
};

}  // namespace dms::cli
