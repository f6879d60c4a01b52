#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/global_options.hpp"

namespace dms::cli {

// `dmsctl admin services pause|resume <service>` and `admin services paused`: an operator holds a service's queue
// (its queued tasks wait, running ones finish) and lets it go again.
class ServiceAdminCommands {
 public:
    // Adds the `services` group to the `admin` group.
    ServiceAdminCommands(CLI::App& admin, const GlobalOptions& options);

 private:
    void set_paused(bool paused);
    void paused();

    const GlobalOptions& options_;
    std::string service_;
};

}  // namespace dms::cli
