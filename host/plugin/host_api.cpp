#include "plugin/host_api.hpp"

#include <cmath>

#include <spdlog/spdlog.h>

#include "plugin/host_settings.hpp"
#include "task/task.hpp"
#include "util/bounded_json.hpp"

namespace dms::plugin {
namespace {

std::string_view view(dms_type_str text) {
    return text.ptr == nullptr ? std::string_view{} : std::string_view{text.ptr, text.len};
}

LogLevel to_level(dms_type_log_level level) {
    switch (level) {
        case DMS_LOG_DEBUG:
            return LogLevel::debug;
        case DMS_LOG_WARN:
            return LogLevel::warn;
        case DMS_LOG_ERROR:
            return LogLevel::error;
        default:
            return LogLevel::info;  // DMS_LOG_INFO, or a level from a newer ABI
    }
}

// Progress a user could not make sense of: the dispatcher and the UI only ever see sane numbers.
bool is_nonsense(double done, double total) {
    if (!std::isfinite(done) || !std::isfinite(total) || done < 0 || total < 0) return true;
    return total > 0 && done > total;
}

void error_set(dms_type_error* error, dms_type_str message) {
    try {
        if (error != nullptr) error->message.assign(view(message));
    } catch (...) {
    }
}

void task_log(dms_type_task* task, dms_type_log_level level, dms_type_str message) {
    try {
        if (task != nullptr) task->context.log(to_level(level), view(message));
    } catch (...) {
    }
}

void task_progress(dms_type_task* task, double done, double total, dms_type_str unit, dms_type_str message) {
    try {
        if (task == nullptr) return;
        if (is_nonsense(done, total)) {
            if (!task->warned_nonsense.exchange(true)) {
                spdlog::warn("plugin '{}' task {}: ignored nonsense progress (done {}, total {})", task->plugin_name,
                             task->task_id, done, total);
            }
            return;
        }
        task->context.progress(task::Progress{done, total, std::string(view(unit)), std::string(view(message))});
    } catch (...) {
    }
}

bool task_cancelled(dms_type_task* task) {
    try {
        return task != nullptr && task->context.cancelled();
    } catch (...) {
        return false;
    }
}

dms_type_status task_set_result(dms_type_task* task, dms_type_str result_json) {
    try {
        if (task == nullptr) return DMS_STATUS_INVALID;
        auto result = util::parse_bounded_json(view(result_json));
        std::lock_guard lock(task->mutex);
        if (!result || !result->is_object()) {
            task->result_error = !result ? "a result that is not valid JSON, or nests deeper than " +
                                               std::to_string(util::kMaxJsonDepth) + " levels"
                                         : "a result that is not a JSON object";
            return DMS_STATUS_INVALID;
        }
        task->result = std::move(*result);
        task->result_error.clear();
        return DMS_STATUS_OK;
    } catch (...) {
        return DMS_STATUS_INVALID;
    }
}

void task_checkpoint(dms_type_task* task, dms_type_str cursor) {
    try {
        if (task != nullptr) task->context.checkpoint(view(cursor));
    } catch (...) {
    }
}

void task_heartbeat(dms_type_task* task) {
    try {
        if (task != nullptr) task->context.heartbeat();
    } catch (...) {
    }
}

void host_log(dms_type_log_level level, dms_type_str message) {
    try {
        switch (to_level(level)) {
            case LogLevel::debug:
                spdlog::debug("plugin: {}", view(message));
                break;
            case LogLevel::info:
                spdlog::info("plugin: {}", view(message));
                break;
            case LogLevel::warn:
                spdlog::warn("plugin: {}", view(message));
                break;
            case LogLevel::error:
                spdlog::error("plugin: {}", view(message));
                break;
        }
    } catch (...) {
    }
}

bool read_host_setting(dms_type_str name, dms_type_str* value) {
    try {
        if (value == nullptr) return false;
        auto setting = dms::plugin::host_setting(view(name));
        if (!setting) return false;
        *value = {setting->data(), setting->size()};
        return true;
    } catch (...) {
        return false;
    }
}

constexpr dms_host_api kHostApi{
    DMS_ABI_MAJOR,  DMS_ABI_MINOR,   sizeof(dms_host_api), &error_set,       &task_log,     &task_progress,
    &task_cancelled, &task_set_result, &task_checkpoint,   &host_log,        &read_host_setting,
    &task_heartbeat,
};

}  // namespace

const dms_host_api& host_api() { return kHostApi; }

}  // namespace dms::plugin
