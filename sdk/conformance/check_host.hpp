#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <dms/plugin_abi.h>
#include <nlohmann/json.hpp>

namespace dms::conformance {

// One progress report, exactly as the plugin sent it.
struct ProgressRecord {
    double done = 0;
    double total = 0;
    std::string unit;
};

// What validate answered.
struct ValidateAnswer {
    int status = DMS_STATUS_ERROR;
    std::string message;
};

// Everything one run reported, and how it ended.
struct RunRecord {
    int status = DMS_STATUS_ERROR;
    std::string message;
    nlohmann::json result;  // null until the plugin sets one
    std::vector<ProgressRecord> progress;
    std::size_t heartbeats = 0;
    std::size_t refused_results = 0;  // task_set_result calls whose text was not a JSON object
};

// The kit's side of the ABI: a host table whose callbacks record what a plugin reports, so that a check can
// judge it. Unlike the fake host it keeps each call's status and takes parameters as raw text. It lives in a
// forked child and leaves the plugin loaded unless unload() is called: the child ends with _exit, and only
// the load check judges destroy. Not copyable: the plugin keeps a pointer to the table.
class CheckHost {
public:
    // Calls the plugin's init with a host table claiming this SDK's ABI version.
    explicit CheckHost(dms_plugin_init_fn init);
    CheckHost(const CheckHost&) = delete;
    CheckHost& operator=(const CheckHost&) = delete;

    // @return what init returned, and the message it set
    int init_status() const { return init_status_; }
    const std::string& init_message() const { return init_message_; }

    // @return the table init filled in
    const dms_plugin_api& plugin() const { return plugin_; }

    // Calls validate with `parameters_json` as it is, valid JSON object or not.
    ValidateAnswer validate(std::string_view service, std::string_view parameters_json) const;

    // Runs one attempt on the calling thread.
    RunRecord run(std::string_view service, std::string_view parameters_json);

    // Makes task_cancelled true for the running task. THREADING: any thread.
    void cancel() { cancelled_ = true; }

    // Calls the plugin's destroy hook, once.
    void unload();

    // Answers host_setting(name) with `value`, for every CheckHost of this process; else the environment.
    static void set_setting(const std::string& name, const std::string& value);

private:
    const dms_host_api host_;
    dms_plugin_api plugin_{};
    int init_status_ = DMS_STATUS_ERROR;
    std::string init_message_;
    std::atomic<bool> cancelled_{false};
    bool unloaded_ = false;
};

}  // namespace dms::conformance
