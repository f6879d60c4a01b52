#pragma once

#include <chrono>
#include <functional>
#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dms::cli {

// Follows one task until it ends: polls it, shows its progress (a live bar on a terminal, plain lines
// otherwise, nothing but the final task with --json), and turns how it ended into dmsctl's exit code.
class TaskWatcher {
 public:
    using Fetch = std::function<nlohmann::json()>;

    TaskWatcher(Fetch fetch, std::chrono::milliseconds interval) : fetch_(std::move(fetch)), interval_(interval) {}

    // Polls until the task is completed, failed or cancelled; returns kExitOk, kExitTaskFailed or
    // kExitTaskCancelled. A failed poll (host gone, task deleted) throws CliError.
    int watch(std::ostream& out, bool json) const;

    static bool finished(std::string_view status);
    static int exit_code_for(std::string_view status);

 private:
    Fetch fetch_;
    std::chrono::milliseconds interval_;
};

}  // namespace dms::cli
