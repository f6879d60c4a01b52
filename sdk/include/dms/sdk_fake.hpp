/*
 * dms/sdk_fake.hpp: a fake DMS host, in-process, for unit-testing a plugin without the real host.
 *
 *     dms::sdk::testing::FakeHost host = dms::sdk::testing::FakeHost::of<SleepExecutor>();
 *     auto report = host.run({"sleep", {{"seconds", 1}}});
 *     EXPECT_EQ(report.status, DMS_STATUS_OK);
 *
 * It implements every dms_host_api callback, records what the plugin reports, and lets a test cancel
 * a running task from another thread.
 */
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dms/plugin_abi.h"
#include "dms/sdk.hpp"

namespace dms::sdk::testing {

/// One line a plugin logged.
struct LogLine {
    Level level;          ///< its severity
    std::string message;  ///< its text
};

/// One progress report, exactly as the plugin sent it (the fake host keeps nonsense too).
struct ProgressReport {
    double done = 0;      ///< work done
    double total = 0;     ///< whole amount, 0 when unknown
    std::string unit;     ///< what is counted
    std::string message;  ///< short note
};

/// What to run: the fields of dms_type_task_info, with defaults for the ones a test rarely cares about.
struct TaskRequest {
    /// @param service_name a service the plugin provides
    /// @param task_parameters the task's parameters, a JSON object
    TaskRequest(std::string service_name, nlohmann::json task_parameters = nlohmann::json::object())
        : service(std::move(service_name)), parameters(std::move(task_parameters)) {}

    std::string service;                                           ///< a service the plugin provides
    nlohmann::json parameters;                                     ///< a JSON object
    std::string resume_cursor;                                     ///< an earlier attempt's checkpoint, or empty
    std::uint32_t attempt = 1;                                     ///< 1 for the first attempt
    std::string task_id = "00000000-0000-4000-8000-000000000000";  ///< UUID text
    std::string user_id = "tester";                                ///< the submitter
};

/// Everything one run reported, and how it ended.
struct RunReport {
    dms_type_status status = DMS_STATUS_ERROR;         ///< what run returned
    std::string message;                               ///< what the plugin passed to error_set
    nlohmann::json result = nlohmann::json::object();  ///< the last result set, {} if none
    std::vector<LogLine> logs;                         ///< task log lines, in order
    std::vector<ProgressReport> progress;              ///< progress reports, in order
    std::vector<std::string> checkpoints;              ///< checkpoint cursors, in order
    std::size_t heartbeats = 0;                        ///< how many times the plugin called heartbeat

    /// @return the last checkpoint, or empty when there was none
    std::string last_checkpoint() const { return checkpoints.empty() ? std::string() : checkpoints.back(); }
};

/// A host that loads one plugin through its init function and runs tasks on the calling thread. Not
/// copyable or movable: the plugin keeps a pointer to its callback table.
class FakeHost {
public:
    /// Loads the plugin. Check loaded() afterwards; a refused init leaves the reason in init_message().
    /// @param init the plugin's dms_plugin_init, or dms::sdk::plugin_init<E>
    /// @param abi_major the ABI major the fake host claims, to test version checks
    /// @param abi_minor the ABI minor the fake host claims
    explicit FakeHost(dms_plugin_init_fn init, std::uint32_t abi_major = DMS_ABI_MAJOR,
                      std::uint32_t abi_minor = DMS_ABI_MINOR) {
        host_ = dms_host_api{abi_major,       abi_minor,        sizeof(dms_host_api), &error_set,
                             &task_log,       &task_progress,   &task_cancelled,      &task_set_result,
                             &task_checkpoint, &host_log,       &host_setting,        &task_heartbeat};
        plugin_.struct_size = sizeof(dms_plugin_api);
        init_status_ = init(&host_, &plugin_, as_error(&init_message_));
        if (init_status_ != DMS_STATUS_OK) return;
        if (const std::string problem = description_problem(plugin_); !problem.empty()) {
            if (plugin_.destroy != nullptr) plugin_.destroy(plugin_.state);
            init_status_ = DMS_STATUS_ERROR;
            init_message_ = "the host would refuse this plugin: " + problem;
        }
    }

    /// The host's checks on a plugin's description, so that a unit test catches what the host would refuse.
    /// @param api a table filled by a successful init
    /// @return what is wrong with it, or empty when the host would accept it
    static std::string description_problem(const dms_plugin_api& api) {
        if (api.abi_major != DMS_ABI_MAJOR || api.abi_minor > DMS_ABI_MINOR) return "unsupported ABI version";
        if (api.name == nullptr || *api.name == '\0') return "no plugin name";
        if (api.version == nullptr || *api.version == '\0') return "no plugin version";
        if (api.validate == nullptr || api.run == nullptr) return "a validate or run hook is missing";
        if (api.struct_size != sizeof(dms_plugin_api)) return "init changed the plugin table's struct_size";
        if (api.service_count == 0 || api.services == nullptr) return "declares no services";
        // The host's own bound (host/plugin/plugin_description.cpp).
        if (api.service_count > 1024) return "declares more than 1024 services";
        const std::uint32_t stride = api.services[0].struct_size;
        if (stride < offsetof(dms_plugin_service, parameters_json) + sizeof(const char*)) {
            return "service table struct_size is smaller than ABI 1.0's";
        }
        std::vector<std::string_view> seen;
        for (std::size_t i = 0; i < api.service_count; ++i) {
            const auto& service = *reinterpret_cast<const dms_plugin_service*>(
                reinterpret_cast<const char*>(api.services) + i * stride);
            const std::string_view name = service.name != nullptr ? service.name : "";
            const bool valid = !name.empty() && name.size() <= 64 &&
                               name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == name.npos;
            if (!valid) return "service name '" + std::string(name) + "' is not [a-z0-9_-]{1,64}";
            for (std::string_view other : seen) {
                if (other == name) return "service '" + std::string(name) + "' is declared twice";
            }
            seen.push_back(name);
            const char* json = service.parameters_json != nullptr ? service.parameters_json : "";
            if (!nlohmann::json::parse(json, nullptr, false).is_array()) {
                return "service '" + std::string(name) + "': parameters_json is not a JSON array";
            }
        }
        return {};
    }

    /// Loads executor class E, as DMS_DECLARE_PLUGIN(E) would.
    /// @return a fake host holding one instance of E
    template <class E>
    static FakeHost of() {
        return FakeHost(&dms::sdk::plugin_init<E>);
    }

    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    /// Calls the plugin's destroy hook, if it loaded.
    ~FakeHost() {
        if (loaded() && plugin_.destroy != nullptr) plugin_.destroy(plugin_.state);
    }

    /// @return true when init returned DMS_STATUS_OK
    bool loaded() const { return init_status_ == DMS_STATUS_OK; }

    /// @return the message init passed to error_set; empty after a successful load
    const std::string& init_message() const { return init_message_; }

    /// @return the table the plugin filled in: name, version, services...
    const dms_plugin_api& plugin() const { return plugin_; }

    /// Asks the plugin's validate hook about a submission.
    /// @param service the service submitted to
    /// @param parameters the submitted parameters
    /// @return nothing when accepted, else the plugin's message
    std::optional<std::string> validate(std::string_view service, const nlohmann::json& parameters) const {
        require_loaded();
        const std::string text = parameters.dump();
        std::string message;
        const dms_type_status status =
            plugin_.validate(plugin_.state, detail::to_abi(service), detail::to_abi(text), as_error(&message));
        if (status == DMS_STATUS_OK) return std::nullopt;
        return message.empty() ? "refused without a message" : message;
    }

    /// Runs one attempt on the calling thread and records what it reports.
    /// @param request the task to run
    /// @return how it ended and everything it reported
    RunReport run(const TaskRequest& request) {
        require_loaded();
        const std::string parameters = request.parameters.dump();
        const dms_type_task_info info{sizeof(dms_type_task_info),
                                      detail::to_abi(request.task_id),
                                      detail::to_abi(request.service),
                                      detail::to_abi(request.user_id),
                                      detail::to_abi(parameters),
                                      detail::to_abi(request.resume_cursor),
                                      request.attempt};
        FakeTask task{this, {}, {}};
        std::string message;
        const dms_type_status status = plugin_.run(plugin_.state, &info, as_task(&task), as_error(&message));
        std::lock_guard lock(task.mutex);
        task.report.status = status;
        task.report.message = std::move(message);
        return std::move(task.report);
    }

    /// Makes cancelled() true for the running task and every later one, until reset_cancel().
    /// THREADING: any thread, typically another one while run() is under way.
    void cancel() { cancelled_ = true; }

    /// Makes cancelled() false again for later runs.
    void reset_cancel() { cancelled_ = false; }

    /// Sets what the plugin reads through host_setting (Executor::setting), process-wide. Set it before a
    /// run; a value a plugin already read must not be changed while that plugin is loaded.
    /// @param name a DMS_* name, e.g. "DMS_DATA_DIR"
    /// @param value its value
    static void set_setting(const std::string& name, const std::string& value) {
        std::lock_guard lock(settings_mutex());
        settings()[name] = value;
    }

    /// @return every line any plugin wrote through host_log, process-wide
    static std::vector<LogLine> host_logs() {
        std::lock_guard lock(host_log_mutex());
        return host_log_lines();
    }

private:
    // The fake's task handle; the plugin sees it only as an opaque dms_type_task*.
    struct FakeTask {
        FakeHost* host;
        std::mutex mutex;
        RunReport report;
    };

    static dms_type_task* as_task(FakeTask* task) { return reinterpret_cast<dms_type_task*>(task); }
    static FakeTask& task_of(dms_type_task* task) { return *reinterpret_cast<FakeTask*>(task); }
    static dms_type_error* as_error(std::string* message) { return reinterpret_cast<dms_type_error*>(message); }

    void require_loaded() const {
        if (!loaded()) throw std::logic_error("plugin did not load: " + init_message_);
    }

    static void error_set(dms_type_error* error, dms_type_str message) {
        reinterpret_cast<std::string*>(error)->assign(detail::from_abi(message));
    }
    static void task_log(dms_type_task* task, dms_type_log_level level, dms_type_str message) {
        FakeTask& t = task_of(task);
        std::lock_guard lock(t.mutex);
        t.report.logs.push_back({static_cast<Level>(level), std::string(detail::from_abi(message))});
    }
    static void task_progress(dms_type_task* task, double done, double total, dms_type_str unit, dms_type_str message) {
        FakeTask& t = task_of(task);
        std::lock_guard lock(t.mutex);
        t.report.progress.push_back(
            {done, total, std::string(detail::from_abi(unit)), std::string(detail::from_abi(message))});
    }
    static bool task_cancelled(dms_type_task* task) { return task_of(task).host->cancelled_; }
    static dms_type_status task_set_result(dms_type_task* task, dms_type_str result_json) {
        auto result = nlohmann::json::parse(detail::from_abi(result_json), nullptr, false);
        if (!result.is_object()) return DMS_STATUS_INVALID;
        FakeTask& t = task_of(task);
        std::lock_guard lock(t.mutex);
        t.report.result = std::move(result);
        return DMS_STATUS_OK;
    }
    static void task_checkpoint(dms_type_task* task, dms_type_str cursor) {
        FakeTask& t = task_of(task);
        std::lock_guard lock(t.mutex);
        t.report.checkpoints.emplace_back(detail::from_abi(cursor));
    }
    static void task_heartbeat(dms_type_task* task) {
        FakeTask& t = task_of(task);
        std::lock_guard lock(t.mutex);
        ++t.report.heartbeats;
    }
    static bool host_setting(dms_type_str name, dms_type_str* value) {
        std::lock_guard lock(settings_mutex());
        auto found = settings().find(std::string(detail::from_abi(name)));
        if (found == settings().end() || value == nullptr) return false;
        *value = detail::to_abi(found->second);
        return true;
    }
    static std::mutex& settings_mutex() {
        static std::mutex mutex;
        return mutex;
    }
    static std::map<std::string, std::string>& settings() {
        static std::map<std::string, std::string> values;
        return values;
    }
    static void host_log(dms_type_log_level level, dms_type_str message) {
        std::lock_guard lock(host_log_mutex());
        host_log_lines().push_back({static_cast<Level>(level), std::string(detail::from_abi(message))});
    }
    static std::mutex& host_log_mutex() {
        static std::mutex mutex;
        return mutex;
    }
    static std::vector<LogLine>& host_log_lines() {
        static std::vector<LogLine> lines;
        return lines;
    }

    dms_host_api host_{};
    dms_plugin_api plugin_{};
    dms_type_status init_status_ = DMS_STATUS_ERROR;
    std::string init_message_;
    std::atomic<bool> cancelled_{false};
};

}  // namespace dms::sdk::testing
