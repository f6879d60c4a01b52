#pragma once

#include <cstddef>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/api_client.hpp"

namespace dms::cli {

// The filters and paging flags of a task listing, shared by `tasks list` and `admin tasks`.
class TaskListing {
 public:
    // --status, --priority, --limit, --cursor, --all
    void add_options(CLI::App& command);

    // One page, or with --all every page from the cursor on, as one {"tasks": [...], "next_cursor": ...}.
    nlohmann::json fetch(const ApiClient& client, const std::string& path, Query query, bool as_operator) const;

 private:
    std::string status_;
    std::string priority_;
    std::string cursor_;
    std::size_t limit_ = 0;
    bool all_ = false;
};

}  // namespace dms::cli
