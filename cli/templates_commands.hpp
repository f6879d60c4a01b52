#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/api_client.hpp"
#include "cli/global_options.hpp"

namespace dms::cli {

// `dmsctl templates ...`: a user's recurring templates (create, list, get, delete, enable, disable, preview) over the
// user-scoped template routes.
class TemplatesCommands {
 public:
    // Adds the `templates` group to `app`.
    TemplatesCommands(CLI::App& app, const GlobalOptions& options);

 private:
    void create();
    void list();
    void get();
    void remove();
    void set_enabled(bool enabled);
    void preview();

    ApiClient client() const;
    // {prefix}/services/{service}/users/{user}/templates{suffix}
    std::string templates_path(const std::string& suffix = "") const;
    std::string template_path(const std::string& suffix = "") const;
    // The template as a person reads it, or its JSON with --json.
    void print_template(const nlohmann::json& definition) const;

    const GlobalOptions& options_;
    std::string service_;
    std::string user_;
    std::string template_id_;
    std::string cron_;
    std::string time_zone_;
    std::vector<std::string> params_;
    std::string priority_;
    std::optional<int> max_retries_;
    std::optional<double> timeout_seconds_;
    std::string overlap_;
    std::string catch_up_;
    bool disabled_ = false;
    std::size_t count_ = 10;
};

}  // namespace dms::cli
