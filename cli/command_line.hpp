#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "cli/access_commands.hpp"
#include "cli/admin_commands.hpp"
#include "cli/service_admin_commands.hpp"
#include "cli/global_options.hpp"
#include "cli/host_commands.hpp"
#include "cli/tasks_commands.hpp"
#include "cli/templates_commands.hpp"

namespace dms::cli {

// dmsctl's whole command line: the global flags, the command groups, and how every failure becomes one
// line on stderr and an exit code (see exit_codes.hpp).
class CommandLine {
 public:
    CommandLine();

    // Parses and runs one command; returns the process exit code.
    int run(int argc, char** argv);

 private:
    CLI::App app_;
    GlobalOptions options_;
    int exit_code_ = 0;
    std::unique_ptr<TasksCommands> tasks_;
    std::unique_ptr<TemplatesCommands> templates_;
    std::unique_ptr<AdminCommands> admin_;
    std::unique_ptr<ServiceAdminCommands> service_admin_;
    std::unique_ptr<AccessCommands> access_;
    std::unique_ptr<HostCommands> host_;
};

}  // namespace dms::cli
