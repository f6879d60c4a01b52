// The C++ face of one running attempt of one task: what was asked, and the host's callbacks for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dms/plugin_abi.h"
#include "dms/sdk/detail/strings.hpp"
#include "dms/sdk/errors.hpp"

namespace dms::sdk {

/// Severity of a task log line.
enum class Level { debug = DMS_LOG_DEBUG, info = DMS_LOG_INFO, warn = DMS_LOG_WARN, error = DMS_LOG_ERROR };

/// One attempt of one task, handed to Executor::run. Valid only until run returns; every member may be
/// called from the thread running the task or from any thread it starts while run has not returned.
class Task {
public:
    /// Made by the SDK for each run; a plugin never needs to make one.
    /// @param host the host's callbacks
    /// @param info what the host says about the task; its strings must outlive this object
    /// @param handle the host's opaque task handle
    /// @throw InvalidParameters when the host's parameters are not a JSON object
    Task(const dms_host_api& host, const dms_type_task_info& info, dms_type_task* handle)
        : host_(host), info_(info), handle_(handle) {
        parameters_ = nlohmann::json::parse(detail::from_abi(info.parameters_json));
        if (!parameters_.is_object()) throw InvalidParameters("task parameters are not a JSON object");
    }

    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

    /// @return the task's id (UUID text), valid until run returns
    std::string_view id() const noexcept { return detail::from_abi(info_.task_id); }

    /// @return the service the task was submitted to, one of those in the plugin's PluginInfo
    std::string_view service() const noexcept { return detail::from_abi(info_.service); }

    /// @return who submitted the task
    std::string_view user_id() const noexcept { return detail::from_abi(info_.user_id); }

    /// @return the task's parameters, a JSON object already accepted by Executor::validate. Values sent
    ///         as URL query parameters arrive as strings, even numbers.
    const nlohmann::json& parameters() const noexcept { return parameters_; }

    /// @return 1 for the first attempt, 2 for the next (after a failure or a host restart), ...
    std::uint32_t attempt() const noexcept { return info_.attempt; }

    /// @return the cursor of the last checkpoint() of an earlier attempt; empty on a fresh start
    std::string_view resume_cursor() const noexcept { return detail::from_abi(info_.resume_cursor); }

    /// Appends a line to the task's log, which users read through the host's API.
    /// @param level how severe the line is
    /// @param message the line, without a trailing newline
    void log(Level level, std::string_view message) const {
        host_.task_log(handle_, static_cast<dms_type_log_level>(level), detail::to_abi(message));
    }

    /// Logs at Level::debug. @param message the line
    void debug(std::string_view message) const { log(Level::debug, message); }
    /// Logs at Level::info. @param message the line
    void info(std::string_view message) const { log(Level::info, message); }
    /// Logs at Level::warn. @param message the line
    void warn(std::string_view message) const { log(Level::warn, message); }
    /// Logs at Level::error. @param message the line
    void error(std::string_view message) const { log(Level::error, message); }

    /// Reports how far the task has got. The host may coalesce frequent reports and ignores nonsense
    /// (NaN, infinite or negative values, done > total).
    /// @param done the amount of work done so far, >= 0
    /// @param total the whole amount, >= done; 0 when unknown
    /// @param unit what is counted: "bytes", "files", "seconds"...
    /// @param message a short note on the current step; may be empty
    void progress(double done, double total, std::string_view unit = {}, std::string_view message = {}) const {
        host_.task_progress(handle_, done, total, detail::to_abi(unit), detail::to_abi(message));
    }

    /// Tells the host the task is alive during a long quiet step with no progress to report (a slow remote
    /// call, a big fsync). A task that reports neither progress nor heartbeats for its service's stall time
    /// is stopped and retried. Cheap; call it every few seconds. A no-op on a host older than ABI 1.1.
    void heartbeat() const {
        if (host_.struct_size >= offsetof(dms_host_api, task_heartbeat) + sizeof(host_.task_heartbeat) &&
            host_.task_heartbeat != nullptr) {
            host_.task_heartbeat(handle_);
        }
    }

    /// Cheap; poll it often (every 50 ms or so) and return soon after it turns true.
    /// @return true once the host wants the task to stop (user cancel, shutdown)
    bool cancelled() const { return host_.task_cancelled(handle_); }

    /// Throws Cancelled when cancelled() is true: a one-line stop point inside loops.
    /// @throw Cancelled when the host wants the task to stop
    void throw_if_cancelled() const {
        if (cancelled()) throw Cancelled();
    }

    /// Sets the task's result; the last call wins. Set it before run returns.
    /// @param result a JSON object
    /// @throw std::invalid_argument when `result` is not an object or the host refuses it
    void set_result(const nlohmann::json& result) const {
        if (!result.is_object()) throw std::invalid_argument("a task result must be a JSON object");
        const std::string text = result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (host_.task_set_result(handle_, detail::to_abi(text)) != DMS_STATUS_OK) {
            throw std::invalid_argument("the host refused the task result");
        }
    }

    /// Saves a resume cursor durably with the task: a later attempt receives it as resume_cursor() and
    /// can skip the work already done. Call it at safe points, not in a tight loop (it is a store write).
    /// @param cursor opaque text of the plugin's choosing, e.g. the number of bytes copied
    void checkpoint(std::string_view cursor) const { host_.task_checkpoint(handle_, detail::to_abi(cursor)); }

private:
    const dms_host_api& host_;
    const dms_type_task_info& info_;
    dms_type_task* handle_;
    nlohmann::json parameters_;
};

}  // namespace dms::sdk
