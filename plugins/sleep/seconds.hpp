#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dms::plugins {

// A number of seconds from a JSON number or a numeric string (URL query values arrive as text); nothing
// when it is neither or lies outside [0, max].
std::optional<double> parse_seconds(const nlohmann::json& value, double max);

// The same from plain text, e.g. a resume cursor.
std::optional<double> parse_seconds_text(std::string_view text, double max);

// Shortest text that reads back as `seconds`, rounded to milliseconds: what a cursor and a log line show.
std::string format_seconds(double seconds);

}  // namespace dms::plugins
