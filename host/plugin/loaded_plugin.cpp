#include "plugin/loaded_plugin.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "plugin/host_api.hpp"

namespace dms::plugin {
namespace {

dms_type_str to_abi(std::string_view text) { return dms_type_str{text.data(), text.size()}; }

// JSON text for the plugin; invalid UTF-8 in a user's string is replaced rather than thrown on.
std::string to_text(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

LoadedPlugin::LoadedPlugin(std::shared_ptr<boost::dll::shared_library> library, const dms_plugin_api& api,
                           std::filesystem::path file)
    : handle_(std::move(library), api), description_(PluginDescription::read(api)), file_(std::move(file)) {}

std::optional<std::string> LoadedPlugin::validate(std::string_view service, const nlohmann::json& parameters) const {
    const dms_plugin_api& api = handle_.api();
    try {
        const std::string text = to_text(parameters);
        dms_type_error error;
        const auto status = api.validate(api.state, to_abi(service), to_abi(text), &error);
        switch (status) {
            case DMS_STATUS_OK:
                return std::nullopt;
            case DMS_STATUS_INVALID:
            case DMS_STATUS_ERROR:
                if (!error.message.empty()) return error.message;
                return "plugin '" + name() + "' refused the parameters without a message";
            default:
                return "plugin '" + name() + "' returned unknown status " + std::to_string(status) + " from validate";
        }
    } catch (...) {
        return "plugin '" + name() + "' threw an exception from validate";
    }
}

RunOutcome LoadedPlugin::run(const RunRequest& request, RunContext& context) const {
    const dms_plugin_api& api = handle_.api();
    RunOutcome outcome;
    try {
        const std::string parameters = to_text(request.parameters);
        const dms_type_task_info info{sizeof(dms_type_task_info),
                                      to_abi(request.task_id),
                                      to_abi(request.service),
                                      to_abi(request.user_id),
                                      to_abi(parameters),
                                      to_abi(request.resume_cursor),
                                      static_cast<std::uint32_t>(std::max(request.attempt, 1))};
        dms_type_task task(context, name(), request.task_id);
        dms_type_error error;
        const auto status = api.run(api.state, &info, &task, &error);

        std::lock_guard lock(task.mutex);  // a thread the plugin started may still hold it briefly
        outcome.result = std::move(task.result);
        outcome.message = std::move(error.message);
        switch (status) {
            case DMS_STATUS_OK:
                outcome.kind = RunOutcome::Kind::ok;
                if (!task.result_error.empty()) {
                    outcome.kind = RunOutcome::Kind::error;
                    outcome.message = "plugin '" + name() + "' returned OK after setting " + task.result_error;
                }
                break;
            case DMS_STATUS_CANCELLED:
                outcome.kind = RunOutcome::Kind::cancelled;
                break;
            case DMS_STATUS_ERROR:
            case DMS_STATUS_INVALID:
            case DMS_STATUS_PERMANENT:
                outcome.kind = RunOutcome::Kind::error;
                // Parameters a plugin refuses at run time will be refused by every attempt too.
                outcome.permanent = status != DMS_STATUS_ERROR;
                if (outcome.message.empty()) outcome.message = "plugin '" + name() + "' failed without a message";
                break;
            default:
                outcome.kind = RunOutcome::Kind::error;
                outcome.message = "plugin '" + name() + "' returned unknown status " + std::to_string(status);
        }
    } catch (...) {
        outcome.kind = RunOutcome::Kind::error;
        outcome.message = "plugin '" + name() + "' threw an exception from run";
    }
    return outcome;
}

}  // namespace dms::plugin
