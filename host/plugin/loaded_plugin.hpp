#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/dll/shared_library.hpp>
#include <nlohmann/json.hpp>

#include "plugin/plugin_description.hpp"
#include "plugin/plugin_handle.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/run_context.hpp"

namespace dms::plugin {

// One initialised plugin: its hooks, its checked description, and the C++ face the registry calls.
// Shared by everything that may call into it, so the library unloads only after the last call returns.
class LoadedPlugin {
public:
    // Takes over an initialised table. If the description fails its checks this throws
    // std::invalid_argument, and the handle (already built) calls destroy and releases the library.
    LoadedPlugin(std::shared_ptr<boost::dll::shared_library> library, const dms_plugin_api& api,
                 std::filesystem::path file);

    const PluginDescription& description() const { return description_; }
    const std::string& name() const { return description_.name; }
    const std::filesystem::path& file() const { return file_; }

    // The plugin's verdict: nothing when acceptable, else its message. Never throws.
    std::optional<std::string> validate(std::string_view service, const nlohmann::json& parameters) const;

    // Runs one attempt on the calling thread. Never throws; nonsense from the plugin becomes Kind::error.
    RunOutcome run(const RunRequest& request, RunContext& context) const;

private:
    PluginHandle handle_;  // first: constructed before, destroyed after, everything that reads it
    PluginDescription description_;
    std::filesystem::path file_;
};

}  // namespace dms::plugin
