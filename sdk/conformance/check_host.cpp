#include "check_host.hpp"

#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>

namespace dms::conformance {
namespace {

std::string_view view(dms_type_str text) {
    return text.ptr == nullptr ? std::string_view() : std::string_view(text.ptr, text.len);
}
dms_type_str abi(std::string_view text) { return {text.data(), text.size()}; }

// What the opaque dms_type_task* points to: the running attempt's record, its lock and its cancel flag.
struct TaskState {
    std::mutex mutex;
    RunRecord record;
    const std::atomic<bool>* cancelled;
};
TaskState& state_of(dms_type_task* task) { return *reinterpret_cast<TaskState*>(task); }
dms_type_error* as_error(std::string* message) { return reinterpret_cast<dms_type_error*>(message); }

std::map<std::string, std::string>& settings() {
    static std::map<std::string, std::string> values;
    return values;
}

void error_set(dms_type_error* error, dms_type_str message) {
    if (error != nullptr) reinterpret_cast<std::string*>(error)->assign(view(message));
}

void task_log(dms_type_task*, dms_type_log_level, dms_type_str) {}

void task_progress(dms_type_task* task, double done, double total, dms_type_str unit, dms_type_str) {
    TaskState& state = state_of(task);
    std::lock_guard lock(state.mutex);
    state.record.progress.push_back({done, total, std::string(view(unit))});
}

bool task_cancelled(dms_type_task* task) { return *state_of(task).cancelled; }

dms_type_status task_set_result(dms_type_task* task, dms_type_str result_json) {
    auto result = nlohmann::json::parse(view(result_json), nullptr, false);
    TaskState& state = state_of(task);
    std::lock_guard lock(state.mutex);
    if (!result.is_object()) {
        ++state.record.refused_results;
        return DMS_STATUS_INVALID;
    }
    state.record.result = std::move(result);
    return DMS_STATUS_OK;
}

void task_checkpoint(dms_type_task*, dms_type_str) {}

void task_heartbeat(dms_type_task* task) {
    TaskState& state = state_of(task);
    std::lock_guard lock(state.mutex);
    ++state.record.heartbeats;
}

// Plugins' own log lines go to stderr, where the kit's output is not.
void host_log(dms_type_log_level, dms_type_str message) { std::cerr << "plugin: " << view(message) << '\n'; }

// As the real host: the kit's --setting values, else the environment, and only DMS_* names.
bool host_setting(dms_type_str name, dms_type_str* value) {
    const std::string key(view(name));
    if (value == nullptr || key.rfind("DMS_", 0) != 0) return false;
    if (const auto found = settings().find(key); found != settings().end()) {
        *value = abi(found->second);
        return true;
    }
    const char* from_environment = std::getenv(key.c_str());
    if (from_environment == nullptr) return false;
    *value = abi(from_environment);
    return true;
}

}  // namespace

CheckHost::CheckHost(dms_plugin_init_fn init)
    : host_{DMS_ABI_MAJOR,   DMS_ABI_MINOR,    sizeof(dms_host_api), &error_set, &task_log,     &task_progress,
            &task_cancelled, &task_set_result, &task_checkpoint,     &host_log,  &host_setting, &task_heartbeat} {
    plugin_.struct_size = sizeof(dms_plugin_api);
    init_status_ = init(&host_, &plugin_, as_error(&init_message_));
}

ValidateAnswer CheckHost::validate(std::string_view service, std::string_view parameters_json) const {
    ValidateAnswer answer;
    answer.status = plugin_.validate(plugin_.state, abi(service), abi(parameters_json), as_error(&answer.message));
    return answer;
}

RunRecord CheckHost::run(std::string_view service, std::string_view parameters_json) {
    static constexpr std::string_view kTaskId = "00000000-0000-4000-8000-00000000c4ec";
    const dms_type_task_info info{sizeof(dms_type_task_info),
                                  abi(kTaskId),
                                  abi(service),
                                  abi("dms-plugin-check"),
                                  abi(parameters_json),
                                  abi(""),
                                  1};
    TaskState state;
    state.cancelled = &cancelled_;
    std::string message;
    const int status = plugin_.run(plugin_.state, &info, reinterpret_cast<dms_type_task*>(&state), as_error(&message));
    std::lock_guard lock(state.mutex);
    state.record.status = status;
    state.record.message = std::move(message);
    return std::move(state.record);
}

void CheckHost::unload() {
    if (unloaded_ || init_status_ != DMS_STATUS_OK) return;
    unloaded_ = true;
    if (plugin_.destroy != nullptr) plugin_.destroy(plugin_.state);
}

void CheckHost::set_setting(const std::string& name, const std::string& value) { settings()[name] = value; }

}  // namespace dms::conformance
