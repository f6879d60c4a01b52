#include "plugin/plugin_description.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dms::plugin {
namespace {

constexpr std::size_t kMaxServices = 1024;
// The members of dms_plugin_service that ABI 1.0 defines end with parameters_json.
constexpr std::size_t kServiceSizeV1_0 = offsetof(dms_plugin_service, parameters_json) + sizeof(const char*);

bool is_service_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

[[noreturn]] void refuse(const std::string& reason) { throw std::invalid_argument(reason); }

ServiceInfo read_service(const dms_plugin_service& service, const PluginDescription& plugin) {
    if (service.name == nullptr) refuse("a service has no name");
    const std::string name = service.name;
    if (!is_service_name(name)) refuse("service name '" + name + "' is not [a-z0-9_-]{1,64}");
    if (service.parameters_json == nullptr) refuse("service '" + name + "' has no parameters_json");
    auto parameters = nlohmann::json::parse(service.parameters_json, nullptr, false);
    if (parameters.is_discarded()) refuse("service '" + name + "': parameters_json is not valid JSON");
    if (!parameters.is_array()) refuse("service '" + name + "': parameters_json is not a JSON array");
    return ServiceInfo{name, service.description != nullptr ? service.description : "", std::move(parameters),
                       plugin.name, plugin.version};
}

}  // namespace

PluginDescription PluginDescription::read(const dms_plugin_api& api) {
    if (api.struct_size != sizeof(dms_plugin_api)) {
        refuse("plugin table struct_size changed to " + std::to_string(api.struct_size) + " (host set " +
               std::to_string(sizeof(dms_plugin_api)) + ")");
    }
    if (api.name == nullptr || *api.name == '\0') refuse("no plugin name");
    if (api.version == nullptr || *api.version == '\0') refuse("no plugin version");
    if (api.validate == nullptr) refuse("no validate hook");
    if (api.run == nullptr) refuse("no run hook");
    if (api.service_count == 0 || api.services == nullptr) refuse("declares no services");
    if (api.service_count > kMaxServices) {
        refuse("declares " + std::to_string(api.service_count) + " services, more than " +
               std::to_string(kMaxServices));
    }

    // The array's stride is the plugin's own sizeof(dms_plugin_service): a newer 1.x may have grown it.
    const std::uint32_t stride = api.services[0].struct_size;
    if (stride < kServiceSizeV1_0) {
        refuse("service table struct_size " + std::to_string(stride) + " is smaller than ABI 1.0's " +
               std::to_string(kServiceSizeV1_0));
    }
    PluginDescription plugin{api.name, api.version, api.description != nullptr ? api.description : "", {}};
    std::set<std::string, std::less<>> seen;
    const auto* base = reinterpret_cast<const char*>(api.services);
    for (std::size_t i = 0; i < api.service_count; ++i) {
        const auto& entry = *reinterpret_cast<const dms_plugin_service*>(base + i * stride);
        ServiceInfo service = read_service(entry, plugin);
        if (!seen.insert(service.name).second) refuse("service '" + service.name + "' is declared twice");
        plugin.services.push_back(std::move(service));
    }
    return plugin;
}

}  // namespace dms::plugin
