#include "seconds.hpp"

#include <charconv>
#include <cmath>

namespace dms::plugins {

std::optional<double> parse_seconds_text(std::string_view text, double max) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
    if (!std::isfinite(value) || value < 0 || value > max) return std::nullopt;
    return value;
}

std::optional<double> parse_seconds(const nlohmann::json& value, double max) {
    if (value.is_string()) return parse_seconds_text(value.get_ref<const std::string&>(), max);
    if (!value.is_number()) return std::nullopt;
    const double seconds = value.get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > max) return std::nullopt;
    return seconds;
}

std::string format_seconds(double seconds) {
    const double rounded = std::round(seconds * 1000) / 1000;
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, rounded);
    return error == std::errc() ? std::string(buffer, end) : std::to_string(rounded);
}

}  // namespace dms::plugins
