#pragma once

#include <filesystem>
#include <memory>

#include "check_host.hpp"
#include "plugin_library.hpp"

namespace dms::conformance {

// The plugin as each check's child loads it: the library, then its init through a CheckHost.
class LoadedPlugin {
public:
    // @throw LoadFailure when the library cannot be loaded, has no entry point, or init refuses
    explicit LoadedPlugin(const std::filesystem::path& library);

    CheckHost& host() { return *host_; }

private:
    PluginLibrary library_;
    std::unique_ptr<CheckHost> host_;
};

}  // namespace dms::conformance
