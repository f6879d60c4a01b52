#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "chaos_mode.hpp"

namespace dms::plugins {

// A chaos task's parameters, checked. Numbers may come as numeric strings (URL query values are text).
struct ChaosParameters {
    static constexpr double kMaxSeconds = 86400;

    ChaosMode mode = ChaosMode::succeed;
    double seconds = 1;                                 // how long the timed modes run, 0..86400
    std::string message = "chaos: failure on purpose";  // what fail and fail_permanently throw
    std::optional<std::uint32_t> fail_attempts;         // the mode applies to attempts 1..N only

    // @return true when this attempt is to misbehave; false once fail_attempts attempts have
    bool applies_to(std::uint32_t attempt) const { return !fail_attempts || attempt <= *fail_attempts; }
};

// Reads and checks the parameters.
// @throw dms::sdk::InvalidParameters naming the parameter that is wrong
ChaosParameters parse_chaos_parameters(const nlohmann::json& parameters);

// The parameters as GET /services shows them.
nlohmann::json chaos_parameter_info();

}  // namespace dms::plugins
