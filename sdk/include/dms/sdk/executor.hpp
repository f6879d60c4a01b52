// What a plugin author writes: an Executor subclass that describes its services and runs their tasks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dms/plugin_abi.h"
#include "dms/sdk/task.hpp"

namespace dms::sdk {

namespace detail {
class PluginState;
}

/// One service a plugin executes, as users see it in the host's /services and /help.
struct ServiceInfo {
    /// Unique among all loaded plugins; 1 to 64 characters of [a-z0-9_-].
    std::string name;
    /// One sentence saying what a task of this service does.
    std::string description;
    /// A JSON array of {"name", "type", "required", "description", "default"} objects, one per parameter;
    /// null (as `{}` in an initializer makes it) means no parameters.
    nlohmann::json parameters = nlohmann::json::array();
};

/// What a plugin says about itself; returned by the executor class's static `info()`.
struct PluginInfo {
    /// The plugin's name, e.g. "copy"; shown in logs and the host's refusal messages.
    std::string name;
    /// The plugin's own version, e.g. "1.2.0".
    std::string version;
    /// One sentence about the plugin.
    std::string description;
    /// The services it provides; at least one.
    std::vector<ServiceInfo> services;
};

/// Base class of a plugin's executor. The SDK makes one instance per load (default constructor) and
/// calls it from many host threads at once, so an executor keeps no per-task state in members.
/// A subclass also declares `static dms::sdk::PluginInfo info();` and is named in DMS_DECLARE_PLUGIN.
class Executor {
public:
    virtual ~Executor() = default;

    /// Checks a submission before the host accepts it. Runs on the host's request threads: be quick, do
    /// no I/O. The default accepts everything.
    /// @param service one of the services in info()
    /// @param parameters the submitted parameters, a JSON object; values from URL queries are strings
    /// @throw InvalidParameters to refuse the submission, with a message for the user
    virtual void validate(std::string_view service, const nlohmann::json& parameters) {
        (void)service;
        (void)parameters;
    }

    /// Runs one attempt of one task to its end, on a host worker thread. Set the result with
    /// Task::set_result before returning. Poll Task::cancelled: return (or throw Cancelled) once it is
    /// true; the SDK reports DMS_STATUS_CANCELLED whenever cancelled() is true when run returns.
    /// @param task the attempt: its parameters, resume cursor and the host's callbacks
    /// @throw std::exception (any) to fail the attempt with what() as the message
    virtual void run(Task& task) = 0;

protected:
    /// A setting by its DMS_* name: the host's effective value for its own settings (DMS_DATA_DIR may come
    /// from a flag), else the environment variable (a plugin's own, e.g. DMS_COPY_ALLOWED_ROOTS).
    /// Usable from validate and run, not from the constructor.
    /// @param name e.g. "DMS_DATA_DIR"
    /// @return the value, or nothing when unset
    std::optional<std::string> setting(std::string_view name) const {
        dms_type_str value{nullptr, 0};
        if (host_ == nullptr || host_->host_setting == nullptr) return std::nullopt;
        if (!host_->host_setting({name.data(), name.size()}, &value)) return std::nullopt;
        return std::string(value.ptr, value.len);
    }

private:
    friend class detail::PluginState;
    const dms_host_api* host_ = nullptr;  // set by the SDK once the host is known
};

}  // namespace dms::sdk
