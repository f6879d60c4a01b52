#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace dms::fs {

// Typed reads of a task's parameters, accepting the text forms a URL query gives ("true", "8"), with a
// 422 message naming the parameter when a value is wrong.
class ParameterReader {
 public:
    // @throw dms::sdk::InvalidParameters when a parameter is not among `known`
    ParameterReader(const nlohmann::json& parameters, std::initializer_list<std::string_view> known);

    // @throw InvalidParameters when missing or not a string
    std::string required_text(std::string_view name) const;

    // true/false, or the text "true"/"false"/"1"/"0"/"yes"/"no"
    bool boolean(std::string_view name, bool fallback) const;

    // A whole number in [min, max], or its text
    std::uint64_t integer(std::string_view name, std::uint64_t fallback, std::uint64_t min, std::uint64_t max) const;

    // One of `choices`
    std::string choice(std::string_view name, std::string_view fallback, std::vector<std::string_view> choices) const;

    // The raw value, when given
    const nlohmann::json* find(std::string_view name) const;

 private:
    const nlohmann::json& parameters_;
};

// One entry of a service's parameter list, as /services shows it.
nlohmann::json parameter_info(std::string_view name, std::string_view type, bool required, std::string_view description,
                              const nlohmann::json& fallback = nullptr);

}  // namespace dms::fs
