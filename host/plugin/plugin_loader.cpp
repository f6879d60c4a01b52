#include "plugin/plugin_loader.hpp"

#include <stdexcept>
#include <string>
#include <system_error>

#include <boost/dll/shared_library.hpp>

#include "plugin/host_api.hpp"

namespace dms::plugin {
namespace {

using Library = boost::dll::shared_library;
using InitFunction = dms_type_status(const dms_host_api*, dms_plugin_api*, dms_type_error*);

std::string version_text(std::uint32_t major, std::uint32_t minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

// Boost.DLL wraps dlerror's text as "load() failed (dlerror system message: <text>): <errc text>".
std::string loader_message(const std::system_error& error) {
    const std::string what = error.what();
    const std::string marker = "(dlerror system message: ";
    const auto begin = what.find(marker);
    const auto end = what.rfind("):");
    if (begin == std::string::npos || end == std::string::npos || end < begin) return what;
    return what.substr(begin + marker.size(), end - begin - marker.size());
}

std::shared_ptr<Library> open_library(const std::filesystem::path& file) {
    try {
        const auto mode = boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now;
        return std::make_shared<Library>(file, mode);
    } catch (const std::system_error& error) {
        throw PluginRejected(plugin_name_from_file(file), file, "cannot load: " + loader_message(error));
    }
}

// Checks the versions the plugin wrote: same major, and a minor the host knows. A newer 1.x table still
// has destroy where 1.0 put it, so that plugin is released; a table of another major is not touched.
void check_abi(const std::shared_ptr<Library>& library, const dms_plugin_api& api, const std::filesystem::path& file) {
    const std::string found = "ABI " + version_text(api.abi_major, api.abi_minor);
    if (api.abi_major != DMS_ABI_MAJOR) {
        throw PluginRejected(plugin_name_from_file(file), file,
                             found + ", host supports " + std::to_string(DMS_ABI_MAJOR) + ".x");
    }
    if (api.abi_minor > DMS_ABI_MINOR) {
        const PluginHandle release(library, api);
        throw PluginRejected(plugin_name_from_file(file), file,
                             found + ", host supports up to " + version_text(DMS_ABI_MAJOR, DMS_ABI_MINOR));
    }
}

}  // namespace

std::shared_ptr<LoadedPlugin> PluginLoader::load(const std::filesystem::path& file) {
    const std::string guess = plugin_name_from_file(file);
    std::shared_ptr<Library> library = open_library(file);
    if (!library->has(DMS_PLUGIN_INIT_SYMBOL)) {
        throw PluginRejected(guess, file, std::string("no entry point '") + DMS_PLUGIN_INIT_SYMBOL + "'");
    }
    auto& init = library->get<InitFunction>(DMS_PLUGIN_INIT_SYMBOL);

    dms_plugin_api api{};
    api.struct_size = sizeof(dms_plugin_api);
    dms_type_error error;
    dms_type_status status = DMS_STATUS_ERROR;
    try {
        status = init(&host_api(), &api, &error);
    } catch (...) {
        throw PluginRejected(guess, file, "init threw an exception across the C ABI");
    }
    // A plugin whose init fails has released what it made; destroy is only for a successful init.
    if (status != DMS_STATUS_OK) {
        const std::string reason = error.message.empty() ? "status " + std::to_string(status) : error.message;
        throw PluginRejected(guess, file, "init failed: " + reason);
    }
    check_abi(library, api, file);
    // Copied now: if the description is refused, destroy runs and the plugin's strings are gone.
    const std::string declared = api.name != nullptr && *api.name != '\0' ? api.name : guess;
    try {
        return std::make_shared<LoadedPlugin>(std::move(library), api, file);
    } catch (const std::invalid_argument& invalid) {
        throw PluginRejected(declared, file, invalid.what());
    }
}

}  // namespace dms::plugin
