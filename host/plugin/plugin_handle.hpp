#pragma once

#include <memory>

#include <dms/plugin_abi.h>
#include <boost/dll/shared_library.hpp>

namespace dms::plugin {

// A plugin's table after a successful init, tied to the library that holds its code: the hooks are
// only callable while the library is loaded, and destroy must run exactly once before it unloads.
class PluginHandle {
public:
    PluginHandle(std::shared_ptr<boost::dll::shared_library> library, const dms_plugin_api& api);
    ~PluginHandle();  // calls destroy, then lets the library go
    PluginHandle(const PluginHandle&) = delete;
    PluginHandle& operator=(const PluginHandle&) = delete;

    const dms_plugin_api& api() const { return api_; }

private:
    std::shared_ptr<boost::dll::shared_library> library_;
    dms_plugin_api api_;
};

}  // namespace dms::plugin
