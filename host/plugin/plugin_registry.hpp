#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugin/run_context.hpp"
#include "runner/runner_settings.hpp"

namespace dms::plugin {

class LoadedPlugin;

// A service as users see it in /services and /help.
struct ServiceInfo {
    std::string name;
    std::string description;
    nlohmann::json parameters = nlohmann::json::array();  // [{"name","type","required","description","default"}]
    std::string plugin_name;
    std::string plugin_version;
};

// A plugin the host refused to load, and why (one line, e.g. "plugin 'copy' (libdms_copy.so) rejected:
// ABI 2.0, host supports 1.x").
struct LoadRefusal {
    std::filesystem::path file;
    std::string reason;
};

// How one attempt ended, as the plugin reported it.
struct RunOutcome {
    enum class Kind { ok, error, cancelled };
    Kind kind = Kind::error;
    bool permanent = false;                              // an error another attempt cannot mend: never retried
    std::string message;                                 // why, for error (and optionally cancelled)
    nlohmann::json result = nlohmann::json::object();    // what the plugin set with set_result
};

// What the dispatcher hands a plugin for one attempt.
struct RunRequest {
    std::string task_id;
    std::string service;
    std::string user_id;
    nlohmann::json parameters;
    std::string resume_cursor;
    int attempt = 1;
};

// Every loaded plugin, by the services they provide. Built once at start-up; read-only afterwards, so
// any thread may use it without locking.
class PluginRegistry {
public:
    // Loads every shared library in `directory`, refusing (and logging one clear line for) each bad
    // one: unloadable file, missing entry point, ABI mismatch, failed init, invalid description, or a
    // service another plugin already provides. A missing directory yields an empty registry.
    static PluginRegistry load_directory(const std::filesystem::path& directory);

    PluginRegistry();
    PluginRegistry(PluginRegistry&&) noexcept;
    PluginRegistry& operator=(PluginRegistry&&) noexcept;
    ~PluginRegistry();

    const ServiceInfo* find(std::string_view service) const;
    std::vector<ServiceInfo> services() const;  // sorted by name
    const std::vector<LoadRefusal>& refusals() const { return refusals_; }
    std::size_t plugin_count() const;

    // The plugin's verdict on a submission: nothing when acceptable, else its message. An unknown
    // service is the caller's to check first.
    std::optional<std::string> validate(std::string_view service, const nlohmann::json& parameters) const;

    // Runs one attempt to its end on the calling thread. Never throws: a plugin that fails, throws
    // inside its C++ layer, or returns nonsense yields Kind::error with a message. For a service isolated
    // below the attempt runs in a dms-runner process, so even a crash of the plugin is such an outcome.
    RunOutcome run(const RunRequest& request, RunContext& context) const;

    // From now on, runs the attempts of `service` in a separate dms-runner process under `settings`
    // (validate stays in the host). Call at start-up, before any run. False for an unknown service.
    bool isolate(std::string_view service, runner::RunnerSettings settings);
    const runner::RunnerSettings* isolation(std::string_view service) const;

private:
    std::vector<std::shared_ptr<LoadedPlugin>> plugins_;
    std::map<std::string, std::shared_ptr<LoadedPlugin>, std::less<>> by_service_;
    std::map<std::string, ServiceInfo, std::less<>> services_;
    std::map<std::string, runner::RunnerSettings, std::less<>> isolated_;
    std::vector<LoadRefusal> refusals_;
};

}  // namespace dms::plugin
