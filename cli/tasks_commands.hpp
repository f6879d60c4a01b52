#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/api_client.hpp"
#include "cli/client_settings.hpp"
#include "cli/global_options.hpp"
#include "cli/task_listing.hpp"

namespace dms::cli {

// `dmsctl tasks ...`: seed 002's user commands (submit, list, status, users, cancel, delete) over the
// user-scoped routes, plus `watch` and `submit --wait`.
class TasksCommands {
 public:
    // Adds the `tasks` group to `app`; a command that runs sets `exit_code`.
    TasksCommands(CLI::App& app, const GlobalOptions& options, int& exit_code);

 private:
    void submit();
    void list();
    void status();
    void users();
    void cancel();
    void remove();
    void watch();

    ClientSettings settings() const { return ClientSettings::resolve(options_); }
    static ApiClient client(const ClientSettings& settings);
    // {prefix}/services/{service}/tasks/{task_id}{suffix}
    std::string task_path(const std::string& suffix = "") const;
    // Follows the task until it ends and sets the exit code from its outcome.
    void follow(const ClientSettings& settings, const std::string& task_id);

    const GlobalOptions& options_;
    int& exit_code_;
    std::string service_;
    std::string user_;
    std::string task_id_;
    std::string priority_;
    std::optional<int> max_retries_;
    std::optional<double> timeout_seconds_;
    std::string run_at_;
    std::vector<std::string> params_;
    bool wait_ = false;
    double interval_seconds_ = 0.5;
    TaskListing listing_;
};

}  // namespace dms::cli
