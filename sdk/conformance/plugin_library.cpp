#include "plugin_library.hpp"

#include <dlfcn.h>

#include <string>

namespace dms::conformance {

PluginLibrary::PluginLibrary(const std::filesystem::path& path) {
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        throw LoadFailure("cannot load: " + std::string(why != nullptr ? why : "unknown loader error"));
    }
    init_ = reinterpret_cast<dms_plugin_init_fn>(::dlsym(handle, DMS_PLUGIN_INIT_SYMBOL));
    if (init_ == nullptr) {
        ::dlclose(handle);
        throw LoadFailure("no entry point '" DMS_PLUGIN_INIT_SYMBOL "'");
    }
}

}  // namespace dms::conformance
