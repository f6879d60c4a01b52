#pragma once

#include <optional>
#include <string>

#include "config/config.hpp"

namespace dms::config {

// What the command line asked for: run with a configuration, or just print something and exit.
struct LoadResult {
    std::optional<Config> config;  // set when the host should run
    int exit_code = 0;             // when it should not
    std::string output;            // printed to stdout before exiting (help, version, --show-config)
    std::string error;             // printed to stderr before exiting
};

// Reads flags and DMS_* environment variables (flags win) into a validated Config. --help, --version
// and --show-config produce output instead of a config; bad input produces an error and exit code 2.
LoadResult load_config(int argc, const char* const* argv);

// The bundled plugin directory: the build tree's when dms-host runs from it, else the installed one.
std::string default_plugin_dir();

// dms-runner beside the running binary (an installed or unpacked package, or the build tree's host/), else the
// build tree's.
std::string default_runner_path();

// The dashboard's files: <prefix>/share/dms/ui beside the running binary when it exists (an installed or
// unpacked package), else the source tree's ui/ (a build tree), else the configured install location.
std::string default_ui_dir();

}  // namespace dms::config
