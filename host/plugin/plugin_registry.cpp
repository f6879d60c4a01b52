#include "plugin/plugin_registry.hpp"

#include <algorithm>
#include <system_error>

#include <spdlog/spdlog.h>

#include "plugin/loaded_plugin.hpp"
#include "plugin/plugin_loader.hpp"
#include "runner/isolated_run.hpp"

namespace dms::plugin {
namespace {

// The candidate files: every *.so directly in `directory`, sorted by name so load order (and which of
// two plugins claiming one service wins) never depends on the file system.
std::vector<std::filesystem::path> plugin_files(const std::filesystem::path& directory) {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        std::error_code ignored;
        if (it->path().extension() == ".so" && it->is_regular_file(ignored)) files.push_back(it->path());
    }
    if (error) spdlog::warn("plugin directory {}: {}", directory.string(), error.message());
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
    return files;
}

std::string service_list(const PluginDescription& description) {
    std::string list;
    for (const ServiceInfo& service : description.services) list += (list.empty() ? "" : ", ") + service.name;
    return list;
}

}  // namespace

PluginRegistry PluginRegistry::load_directory(const std::filesystem::path& directory) {
    PluginRegistry registry;
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error)) {
        spdlog::warn("plugin directory {} does not exist: no plugins loaded", directory.string());
        return registry;
    }
    for (const std::filesystem::path& file : plugin_files(directory)) {
        try {
            std::shared_ptr<LoadedPlugin> plugin = PluginLoader::load(file);
            for (const ServiceInfo& service : plugin->description().services) {
                if (auto taken = registry.by_service_.find(service.name); taken != registry.by_service_.end()) {
                    throw PluginRejected(
                        plugin->name(), file,
                        "service '" + service.name + "' is already provided by plugin '" + taken->second->name() + "'");
                }
            }
            for (const ServiceInfo& service : plugin->description().services) {
                registry.by_service_.emplace(service.name, plugin);
                registry.services_.emplace(service.name, service);
            }
            spdlog::info("plugin '{}' {} loaded from {}: {}", plugin->name(), plugin->description().version,
                         file.filename().string(), service_list(plugin->description()));
            registry.plugins_.push_back(std::move(plugin));
        } catch (const PluginRejected& rejected) {
            spdlog::error("{}", rejected.what());
            registry.refusals_.push_back(LoadRefusal{file, rejected.what()});
        } catch (const std::exception& unexpected) {
            const PluginRejected rejected(plugin_name_from_file(file), file, unexpected.what());
            spdlog::error("{}", rejected.what());
            registry.refusals_.push_back(LoadRefusal{file, rejected.what()});
        }
    }
    return registry;
}

PluginRegistry::PluginRegistry() = default;
PluginRegistry::PluginRegistry(PluginRegistry&&) noexcept = default;
PluginRegistry& PluginRegistry::operator=(PluginRegistry&&) noexcept = default;
PluginRegistry::~PluginRegistry() = default;

const ServiceInfo* PluginRegistry::find(std::string_view service) const {
    const auto it = services_.find(service);
    return it == services_.end() ? nullptr : &it->second;
}

std::vector<ServiceInfo> PluginRegistry::services() const {
    std::vector<ServiceInfo> list;
    list.reserve(services_.size());
    for (const auto& [name, service] : services_) list.push_back(service);
    return list;
}

std::size_t PluginRegistry::plugin_count() const { return plugins_.size(); }

std::optional<std::string> PluginRegistry::validate(std::string_view service, const nlohmann::json& parameters) const {
    const auto it = by_service_.find(service);
    if (it == by_service_.end()) return "unknown service '" + std::string(service) + "'";
    if (!parameters.is_object()) return std::string("parameters must be a JSON object");
    return it->second->validate(service, parameters);
}

RunOutcome PluginRegistry::run(const RunRequest& request, RunContext& context) const {
    RunOutcome refused;  // Kind::error, result {}
    const auto it = by_service_.find(request.service);
    if (it == by_service_.end()) {
        refused.message = "no plugin provides service '" + request.service + "'";
        return refused;
    }
    if (!request.parameters.is_object()) {
        refused.message = "parameters must be a JSON object";
        return refused;
    }
    // A copy, so the library stays loaded until this call returns even if the registry goes away.
    const std::shared_ptr<LoadedPlugin> plugin = it->second;
    if (const auto isolated = isolated_.find(request.service); isolated != isolated_.end()) {
        return runner::IsolatedRun(isolated->second, plugin->file(), context).run(request);
    }
    return plugin->run(request, context);
}

bool PluginRegistry::isolate(std::string_view service, runner::RunnerSettings settings) {
    if (by_service_.find(service) == by_service_.end()) return false;
    isolated_.insert_or_assign(std::string(service), std::move(settings));
    return true;
}

const runner::RunnerSettings* PluginRegistry::isolation(std::string_view service) const {
    const auto it = isolated_.find(service);
    return it == isolated_.end() ? nullptr : &it->second;
}

}  // namespace dms::plugin
