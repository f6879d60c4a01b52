#pragma once

#include <string>

#include <dms/plugin_abi.h>
#include <nlohmann/json.hpp>

namespace dms::conformance {

// What is wrong with a plugin's description: first what the host itself would refuse (the fake host's
// checks), then what plugin_abi.h documents but the host lets pass (descriptions, parameter entries).
// @return the first problem, or empty
std::string description_problem(const dms_plugin_api& api);

// The description as data for the parent: {"name", "version", "abi", "services": [{"name", "parameters":
// [names]}]}. Only for a table description_problem found nothing wrong with.
nlohmann::json describe(const dms_plugin_api& api);

}  // namespace dms::conformance
