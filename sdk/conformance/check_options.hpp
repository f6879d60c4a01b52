#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace dms::conformance {

// What dms-plugin-check was asked to check, from its command line.
struct CheckOptions {
    std::filesystem::path library;                              // the plugin's .so, made absolute
    std::string service;                                        // empty: the plugin's first service
    std::string parameters_json = "{}";                         // a JSON object the plugin should accept and run
    double cancel_bound_seconds = 2;                            // how soon a cancelled run must return
    double run_timeout_seconds = 60;                            // how long any one run may take
    std::vector<std::pair<std::string, std::string>> settings;  // DMS_* settings the plugin reads
};

}  // namespace dms::conformance
