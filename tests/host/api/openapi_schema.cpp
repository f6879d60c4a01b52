#include "openapi_schema.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace dms::test {
namespace {

const std::set<std::string> kKnownKeywords = {
    "$ref",     "type",    "nullable", "enum",    "required",    "properties", "additionalProperties",
    "items",    "minimum", "maximum",  "default", "description", "example",    "format",
    "minLength"};

bool has_type(const nlohmann::json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "boolean") return value.is_boolean();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    throw std::runtime_error("schema type '" + type + "' is not known to the check");
}

}  // namespace

const nlohmann::json& OpenApiSchema::resolve(std::string_view ref) const {
    if (ref.substr(0, 2) != "#/") throw std::runtime_error("not a local reference: " + std::string(ref));
    nlohmann::json::json_pointer pointer(std::string(ref.substr(1)));
    if (!document_.contains(pointer)) throw std::runtime_error("unresolved reference: " + std::string(ref));
    return document_.at(pointer);
}

nlohmann::json OpenApiSchema::response_schema(const std::string& path, const std::string& method,
                                              const std::string& status) const {
    const nlohmann::json& operation = document_.at("paths").at(path).at(method);
    nlohmann::json response = operation.at("responses").at(status);
    if (response.contains("$ref")) response = resolve(response["$ref"].get<std::string>());
    return response.at("content").at("application/json").at("schema");
}

std::vector<std::string> OpenApiSchema::violations(const nlohmann::json& value, const nlohmann::json& schema) const {
    std::vector<std::string> out;
    check(value, schema, "", out);
    return out;
}

void OpenApiSchema::check(const nlohmann::json& value, const nlohmann::json& schema, const std::string& where,
                          std::vector<std::string>& out) const {
    for (const auto& [keyword, unused] : schema.items()) {
        if (!kKnownKeywords.contains(keyword)) throw std::runtime_error("schema keyword '" + keyword + "' at " + where);
    }
    if (schema.contains("$ref")) return check(value, resolve(schema["$ref"].get<std::string>()), where, out);
    std::string at = where.empty() ? "/" : where;
    if (value.is_null()) {
        if (!schema.value("nullable", false) && schema.contains("type")) out.push_back(at + ": null is not allowed");
        return;
    }
    if (schema.contains("type") && !has_type(value, schema["type"].get<std::string>())) {
        out.push_back(at + ": " + value.dump() + " is not of type " + schema["type"].get<std::string>());
        return;
    }
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
        out.push_back(at + ": " + value.dump() + " is not one of " + schema["enum"].dump());
    }
    if (schema.contains("minimum") && value.is_number() && value.get<double>() < schema["minimum"].get<double>()) {
        out.push_back(at + ": " + value.dump() + " is below the minimum");
    }
    if (schema.contains("maximum") && value.is_number() && value.get<double>() > schema["maximum"].get<double>()) {
        out.push_back(at + ": " + value.dump() + " is above the maximum");
    }
    if (value.is_array() && schema.contains("items")) {
        for (std::size_t i = 0; i < value.size(); ++i)
            check(value[i], schema["items"], where + "/" + std::to_string(i), out);
    }
    if (!value.is_object()) return;
    for (const auto& name : schema.value("required", nlohmann::json::array())) {
        if (!value.contains(name.get<std::string>()))
            out.push_back(at + ": required property " + name.dump() + " is missing");
    }
    const nlohmann::json properties = schema.value("properties", nlohmann::json::object());
    const nlohmann::json additional = schema.value("additionalProperties", nlohmann::json(true));
    for (const auto& [name, item] : value.items()) {
        if (properties.contains(name)) {
            check(item, properties[name], where + "/" + name, out);
        } else if (additional.is_boolean()) {
            if (!additional.get<bool>()) out.push_back(at + ": property \"" + name + "\" is not in the schema");
        } else {
            check(item, additional, where + "/" + name, out);
        }
    }
}

}  // namespace dms::test
