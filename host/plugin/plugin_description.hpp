#pragma once

#include <string>
#include <vector>

#include <dms/plugin_abi.h>

#include "plugin/plugin_registry.hpp"

namespace dms::plugin {

// The host's own copy of what a plugin says about itself, made only from a table that passes every
// check: the host never reads the plugin's strings again after loading.
struct PluginDescription {
    std::string name;
    std::string version;
    std::string description;
    std::vector<ServiceInfo> services;

    // Checks and copies the description out of an initialised table; throws std::invalid_argument with
    // the reason (e.g. "service name 'Bad Name' is not [a-z0-9_-]{1,64}").
    static PluginDescription read(const dms_plugin_api& api);
};

}  // namespace dms::plugin
