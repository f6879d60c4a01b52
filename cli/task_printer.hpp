#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace dms::cli {

// Tasks as people read them: one task in detail with its log lines, or a page of tasks as a table.
class TaskPrinter {
 public:
    explicit TaskPrinter(std::ostream& out) : out_(out) {}

    // Every field of the task, then its latest log lines.
    void print_task(const nlohmann::json& task) const;

    // A listing {"tasks": [...], "next_cursor": ...}; `with_owner` adds the service and user columns.
    void print_page(const nlohmann::json& page, bool with_owner) const;

    // "12 s / 30 s (40%)", "1.5 GiB", or "-" when the task has reported nothing.
    static std::string progress_text(const nlohmann::json& task);

 private:
    // The attempt_history table under a task's fields; nothing when it has none.
    void print_attempts(const nlohmann::json& attempts) const;
    std::ostream& out_;
};

}  // namespace dms::cli
