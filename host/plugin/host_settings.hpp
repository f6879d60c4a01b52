#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dms::plugin {

// Makes the host's effective settings (DMS_* name -> value) what plugins read through host_setting.
// Called at start-up, before plugins load; a later call replaces values, never invalidating old ones.
void publish_host_settings(const std::map<std::string, std::string>& settings);

// A published setting, else the DMS_* environment variable of that name. The view stays valid for the
// life of the process. Nothing when unset or not a DMS_* name.
std::optional<std::string_view> host_setting(std::string_view name);

// Every setting published or read so far, by name: what a runner process must see as its host did.
std::map<std::string, std::string> known_host_settings();

}  // namespace dms::plugin
