#include "plugin/host_settings.hpp"

#include <cstdlib>
#include <list>
#include <mutex>

namespace dms::plugin {
namespace {

// Values are never erased or changed in place: plugins hold views into them until they unload.
struct SettingsTable {
    std::mutex mutex;
    std::list<std::string> values;  // stable storage
    std::map<std::string, std::string_view, std::less<>> by_name;
};

SettingsTable& table() {
    static SettingsTable instance;
    return instance;
}

std::string_view keep(SettingsTable& settings, std::string value) {
    settings.values.push_back(std::move(value));
    return settings.values.back();
}

}  // namespace

void publish_host_settings(const std::map<std::string, std::string>& settings) {
    SettingsTable& shared = table();
    std::lock_guard lock(shared.mutex);
    for (const auto& [name, value] : settings) shared.by_name[name] = keep(shared, value);
}

std::optional<std::string_view> host_setting(std::string_view name) {
    if (!name.starts_with("DMS_")) return std::nullopt;
    SettingsTable& shared = table();
    std::lock_guard lock(shared.mutex);
    auto found = shared.by_name.find(name);
    if (found != shared.by_name.end()) return found->second;
    const char* from_environment = std::getenv(std::string(name).c_str());
    if (from_environment == nullptr) return std::nullopt;
    std::string_view kept = keep(shared, from_environment);
    shared.by_name.emplace(std::string(name), kept);
    return kept;
}

std::map<std::string, std::string> known_host_settings() {
    SettingsTable& shared = table();
    std::lock_guard lock(shared.mutex);
    std::map<std::string, std::string> settings;
    for (const auto& [name, value] : shared.by_name) settings.emplace(name, value);
    return settings;
}

}  // namespace dms::plugin
