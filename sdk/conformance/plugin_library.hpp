#pragma once

#include <filesystem>
#include <stdexcept>

#include <dms/plugin_abi.h>

namespace dms::conformance {

// Why a library could not be loaded or has no entry point; what() is the line the report shows.
class LoadFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A plugin's shared library, opened as the host opens it (RTLD_LOCAL), and its entry point. RTLD_NOW makes
// an unresolved symbol a load failure here rather than a crash in the middle of a run. Never unloaded: each
// check's child process ends with _exit, and unloading under threads a plugin left running would crash it.
class PluginLibrary {
public:
    // @throw LoadFailure with the loader's message, or when dms_plugin_init is missing
    explicit PluginLibrary(const std::filesystem::path& path);

    dms_plugin_init_fn init() const { return init_; }

private:
    dms_plugin_init_fn init_ = nullptr;
};

}  // namespace dms::conformance
