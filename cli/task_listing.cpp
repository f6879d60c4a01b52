#include "cli/task_listing.hpp"

namespace dms::cli {

void TaskListing::add_options(CLI::App& command) {
    command.add_option("--status", status_, "Only tasks in this state")
        ->check(CLI::IsMember({"queued", "running", "completed", "failed", "cancelled"}));
    command.add_option("--priority", priority_, "Only tasks of this priority")
        ->check(CLI::IsMember({"high", "mid", "low"}));
    command.add_option("--limit", limit_, "Tasks per page, 1 to 1000 (the host's default: 100)")
        ->check(CLI::Range(1, 1000));
    command.add_option("--cursor", cursor_, "Start from this next_cursor of an earlier page");
    command.add_flag("--all", all_, "Follow next_cursor through every page");
}

nlohmann::json TaskListing::fetch(const ApiClient& client, const std::string& path, Query query,
                                  bool as_operator) const {
    if (!status_.empty()) query.emplace_back("status", status_);
    if (!priority_.empty()) query.emplace_back("priority", priority_);
    if (limit_ > 0) query.emplace_back("limit", std::to_string(limit_));
    std::string cursor = cursor_;
    nlohmann::json tasks = nlohmann::json::array();
    for (;;) {
        Query page_query = query;
        if (!cursor.empty()) page_query.emplace_back("cursor", cursor);
        nlohmann::json page = client.get(path, page_query, as_operator);
        for (auto& task : page.value("tasks", nlohmann::json::array())) tasks.push_back(std::move(task));
        nlohmann::json next = page.value("next_cursor", nlohmann::json());
        if (!all_ || !next.is_string()) return {{"tasks", std::move(tasks)}, {"next_cursor", next}};
        cursor = next.get<std::string>();
    }
}

}  // namespace dms::cli
