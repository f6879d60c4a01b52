#include "plugin/plugin_handle.hpp"

#include <utility>

#include <spdlog/spdlog.h>

namespace dms::plugin {

PluginHandle::PluginHandle(std::shared_ptr<boost::dll::shared_library> library, const dms_plugin_api& api)
    : library_(std::move(library)), api_(api) {}

PluginHandle::~PluginHandle() {
    if (api_.destroy == nullptr) return;
    try {
        api_.destroy(api_.state);
    } catch (...) {
        spdlog::error("plugin '{}': destroy threw an exception", api_.name != nullptr ? api_.name : "?");
    }
}

}  // namespace dms::plugin
