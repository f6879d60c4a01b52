#pragma once

#include <string>

namespace dms::cli {

// The flags every command takes, as given on the command line (empty: not given). ClientSettings
// resolves them against the environment when a command runs.
struct GlobalOptions {
    std::string api_base;         // --api-base
    std::string token;            // --token
    bool json = false;            // --json
    double timeout_seconds = 10;  // --timeout
};

}  // namespace dms::cli
