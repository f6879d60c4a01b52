#pragma once

#include <nlohmann/json.hpp>

#include "transfer_request.hpp"

namespace dms::plugins {

// The sync service's parameters, as /services lists them.
nlohmann::json sync_parameter_info();

// Reads and checks a sync task's parameters.
// @throw dms::sdk::InvalidParameters naming the parameter that is wrong
fs::TransferRequest parse_sync_parameters(const nlohmann::json& parameters);

}  // namespace dms::plugins
