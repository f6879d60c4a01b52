#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dms::cli {

// --param name=value, repeatable, into a JSON object of string values. Throws CliError (usage) for a malformed or
// repeated name.
nlohmann::json parse_params(const std::vector<std::string>& params);

}  // namespace dms::cli
