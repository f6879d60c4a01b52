#pragma once

#include <filesystem>
#include <memory>

#include "plugin/loaded_plugin.hpp"
#include "plugin/plugin_rejected.hpp"

namespace dms::plugin {

// Turns one shared library into a checked, initialised plugin: Boost.DLL loads it (RTLD_LOCAL, RTLD_NOW)
// and finds dms_plugin_init; from there on only the C ABI is spoken.
class PluginLoader {
public:
    // Throws PluginRejected, whose what() is the one line to log: unloadable file, no entry point,
    // failed init, ABI mismatch or an invalid description.
    static std::shared_ptr<LoadedPlugin> load(const std::filesystem::path& file);
};

}  // namespace dms::plugin
