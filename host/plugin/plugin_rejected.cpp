#include "plugin/plugin_rejected.hpp"

namespace dms::plugin {
namespace {

std::string describe(std::string_view plugin, const std::filesystem::path& file, std::string_view reason) {
    std::string line = "plugin '";
    line.append(plugin).append("' (").append(file.filename().string()).append(") rejected: ").append(reason);
    return line;
}

}  // namespace

PluginRejected::PluginRejected(std::string_view plugin, const std::filesystem::path& file, std::string_view reason)
    : std::runtime_error(describe(plugin, file, reason)) {}

std::string plugin_name_from_file(const std::filesystem::path& file) {
    std::string name = file.stem().string();
    for (std::string_view prefix : {"lib", "dms_"}) {
        if (name.starts_with(prefix) && name.size() > prefix.size()) name.erase(0, prefix.size());
    }
    return name;
}

}  // namespace dms::plugin
