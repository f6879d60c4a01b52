#include "chaos_parameters.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include <dms/sdk.hpp>

namespace dms::plugins {
namespace {

// A finite number from a JSON number or a numeric string; nothing for anything else.
std::optional<double> number_from(const nlohmann::json& value) {
    double number = 0;
    if (value.is_number()) {
        number = value.get<double>();
    } else if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, number);
        if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(number)) return std::nullopt;
    return number;
}

ChaosMode mode_from(const nlohmann::json& value) {
    const auto mode = value.is_string() ? parse_chaos_mode(value.get_ref<const std::string&>()) : std::nullopt;
    if (!mode) {
        throw sdk::InvalidParameters("parameter 'mode' must be one of " + chaos_mode_list() + ", got " + sdk::describe_value(value));
    }
    return *mode;
}

double seconds_from(const nlohmann::json& value) {
    const auto seconds = number_from(value);
    if (!seconds || *seconds < 0 || *seconds > ChaosParameters::kMaxSeconds) {
        throw sdk::InvalidParameters("parameter 'seconds' must be a number from 0 to 86400, got " + sdk::describe_value(value));
    }
    return *seconds;
}

std::uint32_t attempts_from(const nlohmann::json& value) {
    const auto attempts = number_from(value);
    if (!attempts || *attempts < 0 || *attempts > std::numeric_limits<std::uint32_t>::max() ||
        *attempts != std::floor(*attempts)) {
        throw sdk::InvalidParameters("parameter 'fail_attempts' must be a whole number >= 0, got " + sdk::describe_value(value));
    }
    return static_cast<std::uint32_t>(*attempts);
}

}  // namespace

ChaosParameters parse_chaos_parameters(const nlohmann::json& parameters) {
    ChaosParameters result;
    for (const auto& [name, value] : parameters.items()) {
        if (name == "mode") {
            result.mode = mode_from(value);
        } else if (name == "seconds") {
            result.seconds = seconds_from(value);
        } else if (name == "message") {
            if (!value.is_string()) throw sdk::InvalidParameters("parameter 'message' must be a string");
            result.message = value.get<std::string>();
        } else if (name == "fail_attempts") {
            result.fail_attempts = attempts_from(value);
        } else {
            throw sdk::InvalidParameters("unknown parameter '" + name.substr(0, 80) +
                                         "'; chaos takes mode, seconds, message and fail_attempts");
        }
    }
    return result;
}

nlohmann::json chaos_parameter_info() {
    const auto parameter = [](std::string_view name, std::string_view type, std::string_view description,
                              const nlohmann::json& fallback) {
        nlohmann::json info{{"name", name}, {"type", type}, {"required", false}, {"description", description}};
        if (!fallback.is_null()) info["default"] = fallback;
        return info;
    };
    return nlohmann::json::array({
        parameter("mode", "string", "How to misbehave: " + chaos_mode_list() + ". See docs/plugins.md.", "succeed"),
        parameter("seconds", "number", "How long ignore_cancel, quiet, heartbeat and slow run, 0 to 86400.", 1),
        parameter("message", "string", "What fail and fail_permanently fail with.", "chaos: failure on purpose"),
        parameter("fail_attempts", "integer",
                  "When set to N, only attempts 1..N misbehave; later attempts succeed (for testing retries).",
                  nullptr),
    });
}

}  // namespace dms::plugins
