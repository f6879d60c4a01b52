#include "plugin_description.hpp"

#include <set>
#include <string_view>

#include <dms/sdk_fake.hpp>

namespace dms::conformance {
namespace {

// The real host's limit; beyond it the fake host's checks would walk far past the array.
constexpr std::size_t kMaxServices = 1024;

// What the real host refuses and the fake host does not look at.
std::string table_problem(const dms_plugin_api& api) {
    if (api.struct_size != sizeof(dms_plugin_api)) {
        return "the plugin changed the table's struct_size to " + std::to_string(api.struct_size) + " (the host set " +
               std::to_string(sizeof(dms_plugin_api)) + ")";
    }
    if (api.service_count > kMaxServices) {
        return "declares " + std::to_string(api.service_count) + " services, more than " + std::to_string(kMaxServices);
    }
    return {};
}

// The services array, walked with the stride of its first element as the host walks it.
const dms_plugin_service& service_at(const dms_plugin_api& api, std::size_t i) {
    const std::uint32_t stride = api.services[0].struct_size;
    return *reinterpret_cast<const dms_plugin_service*>(reinterpret_cast<const char*>(api.services) + i * stride);
}

// The documented form of one parameters_json entry: {"name", "type", "required", "description", "default"}.
std::string parameter_problem(const nlohmann::json& entry, std::set<std::string>& seen) {
    if (!entry.is_object()) return "an entry is not a JSON object";
    if (!entry.contains("name") || !entry.at("name").is_string() ||
        entry.at("name").get_ref<const std::string&>().empty()) {
        return "an entry has no \"name\" string";
    }
    const std::string& name = entry.at("name").get_ref<const std::string&>();
    if (!seen.insert(name).second) return "parameter '" + name + "' is listed twice";
    for (const char* text_field : {"type", "description"}) {
        if (entry.contains(text_field) && !entry.at(text_field).is_string()) {
            return "parameter '" + name + "': \"" + text_field + "\" is not a string";
        }
    }
    if (entry.contains("required") && !entry.at("required").is_boolean()) {
        return "parameter '" + name + "': \"required\" is not true or false";
    }
    return {};
}

std::string documented_form_problem(const dms_plugin_api& api) {
    if (api.description == nullptr) return "the plugin's description is NULL; plugin_abi.h asks for a string";
    for (std::size_t i = 0; i < api.service_count; ++i) {
        const dms_plugin_service& service = service_at(api, i);
        const std::string prefix = "service '" + std::string(service.name) + "': ";
        if (service.description == nullptr) return prefix + "description is NULL; plugin_abi.h asks for a string";
        std::set<std::string> seen;
        for (const nlohmann::json& entry : nlohmann::json::parse(service.parameters_json)) {
            if (std::string problem = parameter_problem(entry, seen); !problem.empty()) return prefix + problem;
        }
    }
    return {};
}

}  // namespace

std::string description_problem(const dms_plugin_api& api) {
    std::string problem = table_problem(api);
    if (problem.empty()) problem = sdk::testing::FakeHost::description_problem(api);
    return problem.empty() ? documented_form_problem(api) : "the host would refuse it: " + problem;
}

nlohmann::json describe(const dms_plugin_api& api) {
    nlohmann::json services = nlohmann::json::array();
    for (std::size_t i = 0; i < api.service_count; ++i) {
        const dms_plugin_service& service = service_at(api, i);
        nlohmann::json names = nlohmann::json::array();
        for (const nlohmann::json& entry : nlohmann::json::parse(service.parameters_json))
            names.push_back(entry.at("name"));
        services.push_back({{"name", service.name}, {"parameters", std::move(names)}});
    }
    return {{"name", api.name},
            {"version", api.version},
            {"abi", std::to_string(api.abi_major) + "." + std::to_string(api.abi_minor)},
            {"services", std::move(services)}};
}

}  // namespace dms::conformance
