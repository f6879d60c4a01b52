#include "parameter_reader.hpp"

#include <charconv>

#include <dms/sdk.hpp>

namespace dms::fs {
namespace {

std::string named(std::string_view name) { return "parameter '" + std::string(name) + "'"; }

}  // namespace

ParameterReader::ParameterReader(const nlohmann::json& parameters, std::initializer_list<std::string_view> known)
    : parameters_(parameters) {
    for (const auto& [key, value] : parameters_.items()) {
        bool ok = false;
        for (std::string_view name : known) ok = ok || key == name;
        if (ok) continue;
        std::string list;
        for (std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
        throw sdk::InvalidParameters("unknown parameter '" + key + "'; known: " + list);
    }
}

const nlohmann::json* ParameterReader::find(std::string_view name) const {
    auto found = parameters_.find(std::string(name));
    return found == parameters_.end() ? nullptr : &*found;
}

std::string ParameterReader::required_text(std::string_view name) const {
    const nlohmann::json* value = find(name);
    if (value == nullptr) throw sdk::InvalidParameters(named(name) + " is required");
    if (!value->is_string()) throw sdk::InvalidParameters(named(name) + " must be a string, got " + sdk::describe_value(*value));
    return value->get<std::string>();
}

bool ParameterReader::boolean(std::string_view name, bool fallback) const {
    const nlohmann::json* value = find(name);
    if (value == nullptr || value->is_null()) return fallback;
    if (value->is_boolean()) return value->get<bool>();
    if (value->is_string()) {
        const std::string& text = value->get_ref<const std::string&>();
        if (text == "true" || text == "1" || text == "yes") return true;
        if (text == "false" || text == "0" || text == "no") return false;
    }
    throw sdk::InvalidParameters(named(name) + " must be true or false, got " + sdk::describe_value(*value));
}

std::uint64_t ParameterReader::integer(std::string_view name, std::uint64_t fallback, std::uint64_t min,
                                       std::uint64_t max) const {
    const nlohmann::json* value = find(name);
    if (value == nullptr || value->is_null()) return fallback;
    std::optional<std::uint64_t> number;
    if (value->is_number_unsigned()) number = value->get<std::uint64_t>();
    if (value->is_number_integer() && value->get<std::int64_t>() >= 0) number = value->get<std::uint64_t>();
    if (value->is_string()) {
        const std::string& text = value->get_ref<const std::string&>();
        std::uint64_t parsed = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
        if (!text.empty() && error == std::errc() && end == text.data() + text.size()) number = parsed;
    }
    if (!number || *number < min || *number > max) {
        throw sdk::InvalidParameters(named(name) + " must be a whole number from " + std::to_string(min) + " to " +
                                     std::to_string(max) + ", got " + sdk::describe_value(*value));
    }
    return *number;
}

std::string ParameterReader::choice(std::string_view name, std::string_view fallback,
                                    std::vector<std::string_view> choices) const {
    const nlohmann::json* value = find(name);
    if (value == nullptr || value->is_null()) return std::string(fallback);
    if (value->is_string()) {
        for (std::string_view choice : choices) {
            if (value->get_ref<const std::string&>() == choice) return std::string(choice);
        }
    }
    std::string list;
    for (std::string_view choice : choices) list += (list.empty() ? "" : " | ") + std::string(choice);
    throw sdk::InvalidParameters(named(name) + " must be one of " + list + ", got " + sdk::describe_value(*value));
}

nlohmann::json parameter_info(std::string_view name, std::string_view type, bool required, std::string_view description,
                              const nlohmann::json& fallback) {
    nlohmann::json info{{"name", name}, {"type", type}, {"required", required}, {"description", description}};
    if (!fallback.is_null()) info["default"] = fallback;
    return info;
}

}  // namespace dms::fs
