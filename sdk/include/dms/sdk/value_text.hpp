// Short text for a JSON value in a refusal message: whatever a user sent, the message stays one readable line.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace dms::sdk {

/// Describes a parameter's value for an InvalidParameters message: scalars as JSON, shortened past
/// `max_chars`; arrays and objects by kind and size, never dumped (they may be large or deeply nested).
/// @param value any JSON value
/// @param max_chars the longest scalar text kept whole
/// @return e.g. `"abc"`, `-1`, `true`, `an array of 3 items`, `an object with 2 keys`
inline std::string describe_value(const nlohmann::json& value, std::size_t max_chars = 64) {
    if (value.is_array()) return "an array of " + std::to_string(value.size()) + " items";
    if (value.is_object()) return "an object with " + std::to_string(value.size()) + " keys";
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > max_chars) text = text.substr(0, max_chars) + "... (" + std::to_string(text.size()) + " chars)";
    return text;
}

}  // namespace dms::sdk
