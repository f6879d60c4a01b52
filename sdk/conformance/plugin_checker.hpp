#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "check_options.hpp"
#include "check_report.hpp"

namespace dms::conformance {

// Runs every check on one plugin, in order: load, metadata, validate --params, the hostile submissions, run,
// progress, cancel. Stops early only when nothing is left to check (the plugin did not load, or has no such
// service).
class PluginChecker {
public:
    explicit PluginChecker(CheckOptions options) : options_(std::move(options)) {}

    // @return 0 when no check failed, 1 otherwise
    int run();

private:
    // The --service, else the plugin's first; empty when the plugin has no service of that name.
    std::string chosen_service(const nlohmann::json& description) const;
    void check_calls(const std::string& service, const nlohmann::json& parameter_names);
    int finish() const;

    CheckOptions options_;
    CheckReport report_;
};

}  // namespace dms::conformance
