#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dms::plugin {

// Why a file did not become a loaded plugin, as the one line the host logs and /health shows:
// "plugin 'copy' (libdms_copy.so) rejected: ABI 2.0, host supports 1.x".
class PluginRejected : public std::runtime_error {
public:
    PluginRejected(std::string_view plugin, const std::filesystem::path& file, std::string_view reason);
};

// The name a file suggests before its plugin has described itself: libdms_copy.so -> "copy".
std::string plugin_name_from_file(const std::filesystem::path& file);

}  // namespace dms::plugin
