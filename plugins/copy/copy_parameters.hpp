#pragma once

#include <nlohmann/json.hpp>

#include "transfer_request.hpp"

namespace dms::plugins {

// The copy service's parameters, as /services lists them.
nlohmann::json copy_parameter_info();

// Reads and checks a copy task's parameters.
// @throw dms::sdk::InvalidParameters naming the parameter that is wrong
fs::TransferRequest parse_copy_parameters(const nlohmann::json& parameters);

}  // namespace dms::plugins
