#include "delete_limit.hpp"

#include <charconv>
#include <cmath>

namespace dms::fs {

std::optional<DeleteLimit> DeleteLimit::parse(const nlohmann::json& value) {
    DeleteLimit limit;
    if (value.is_number_integer() || value.is_number_unsigned()) {
        if (value.get<std::int64_t>() < 0) return std::nullopt;
        limit.percent_ = false;
        limit.value_ = static_cast<double>(value.get<std::int64_t>());
        return limit;
    }
    if (!value.is_string()) return std::nullopt;
    std::string text = value.get<std::string>();
    limit.percent_ = !text.empty() && text.back() == '%';
    if (limit.percent_) text.pop_back();
    double number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(number) || number < 0 || (limit.percent_ && number > 100)) return std::nullopt;
    if (!limit.percent_ && number != std::floor(number)) return std::nullopt;
    limit.value_ = number;
    return limit;
}

std::uint64_t DeleteLimit::allowed(std::uint64_t destination_files) const {
    if (!percent_) return static_cast<std::uint64_t>(value_);
    return static_cast<std::uint64_t>(std::ceil(value_ * static_cast<double>(destination_files) / 100.0));
}

std::string DeleteLimit::text() const {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value_);
    std::string number = error == std::errc() ? std::string(buffer, end) : std::to_string(value_);
    return percent_ ? number + "%" : number;
}

}  // namespace dms::fs
