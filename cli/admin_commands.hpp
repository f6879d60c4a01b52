#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/api_client.hpp"
#include "cli/global_options.hpp"
#include "cli/task_listing.hpp"

namespace dms::cli {

// `dmsctl admin ...`: the operator's commands over the /admin routes, with the operator token from
// --token or DMS_OPERATOR_TOKEN. `admin plugins` reads the public /services and needs no token.
class AdminCommands {
 public:
    // Adds the `admin` group to `app`.
    AdminCommands(CLI::App& app, const GlobalOptions& options);

 private:
    void block(bool blocked);
    void blocks();
    void priority();
    void stats();
    void tasks(const std::string& path);  // a listing: /admin/tasks or /admin/dead-letters
    void show_task();
    void cancel();
    void retry();
    void remove();
    void plugins();

    // A client that sends the operator token (CliError when there is none).
    ApiClient operator_client() const;
    bool json() const { return options_.json; }
    std::string task_path(const std::string& suffix = "") const;

    const GlobalOptions& options_;
    std::string user_;
    std::string service_;
    std::string task_id_;
    std::string priority_;
    TaskListing listing_;
};

}  // namespace dms::cli
