#include "cli/task_printer.hpp"

#include <cmath>

#include "cli/formatting.hpp"
#include "cli/table_printer.hpp"

namespace dms::cli {

std::string TaskPrinter::progress_text(const nlohmann::json& task) {
    const nlohmann::json progress = task.value("progress", nlohmann::json::object());
    double done = progress.value("done", 0.0);
    double total = progress.value("total", 0.0);
    std::string unit = progress.value("unit", "");
    if (total > 0) {
        auto percent = static_cast<int>(std::floor(100 * std::min(done, total) / total));
        return format_amount(done, unit) + " / " + format_amount(total, unit) + " (" + std::to_string(percent) + "%)";
    }
    return done > 0 ? format_amount(done, unit) : "-";
}

void TaskPrinter::print_task(const nlohmann::json& task) const {
    std::string status = task.value("status", "?");
    if (task.value("cancel_requested", false) && (status == "queued" || status == "running")) {
        status += " (cancel requested)";
    }
    std::string progress = progress_text(task);
    std::string message = task.value("progress", nlohmann::json::object()).value("message", "");
    if (!message.empty()) progress = progress == "-" ? message : progress + " · " + message;

    TablePrinter fields({"task", cell(task.value("task_id", nlohmann::json()))});
    fields.add_row({"service", cell(task.value("service", nlohmann::json()))});
    fields.add_row({"user", cell(task.value("user_id", nlohmann::json()))});
    fields.add_row({"status", status});
    fields.add_row({"priority", cell(task.value("priority", nlohmann::json()))});
    if (task.contains("position")) fields.add_row({"position", cell(task["position"]) + " task(s) before it"});
    fields.add_row({"progress", progress});
    std::string attempts = cell(task.value("attempts", nlohmann::json()));
    if (task.value("max_retries", 0) > 0) {
        attempts += " (" + cell(task.value("failures", 0)) + " failed of " + cell(task["max_retries"]) + " retries)";
    }
    fields.add_row({"attempts", attempts});
    if (task.value("next_run_at", nlohmann::json()).is_string()) {
        fields.add_row({"next run", format_time(task["next_run_at"])});
    }
    if (task.contains("running_on")) fields.add_row({"running on", cell(task["running_on"])});
    fields.add_row({"parameters", cell(task.value("parameters", nlohmann::json()))});
    fields.add_row({"result", cell(task.value("result", nlohmann::json()))});
    fields.add_row({"created", format_time(task.value("created_at", nlohmann::json()))});
    fields.add_row({"updated", format_time(task.value("updated_at", nlohmann::json()))});
    fields.add_row({"started", format_time(task.value("started_at", nlohmann::json()))});
    std::string finished = format_time(task.value("finished_at", nlohmann::json()));
    if (auto seconds = run_seconds(task)) finished += " (ran " + format_duration(*seconds) + ")";
    fields.add_row({"finished", finished});
    fields.print(out_);
    print_attempts(task.value("attempt_history", nlohmann::json::array()));

    const nlohmann::json logs = task.value("logs", nlohmann::json::array());
    if (logs.empty()) return;
    out_ << "\nlogs (latest " << logs.size() << " of " << task.value("log_count", logs.size()) << "):\n";
    for (const auto& line : logs) {
        std::string text = line.is_string() ? line.get<std::string>() : line.dump();
        auto comma = text.find(',');
        if (comma == std::string::npos) {
            out_ << "  " << text << '\n';
        } else {
            out_ << "  " << format_time(text.substr(0, comma)) << "  " << text.substr(comma + 1) << '\n';
        }
    }
}

void TaskPrinter::print_attempts(const nlohmann::json& attempts) const {
    if (attempts.empty()) return;
    out_ << "\nattempts:\n";
    TablePrinter table({"#", "HOST", "OUTCOME", "STARTED", "FINISHED", "ERROR"});
    for (const auto& attempt : attempts) {
        table.add_row({cell(attempt.value("number", nlohmann::json())), cell(attempt.value("host", nlohmann::json())),
                       cell(attempt.value("outcome", nlohmann::json())),
                       format_time(attempt.value("started_at", nlohmann::json())),
                       format_time(attempt.value("finished_at", nlohmann::json())),
                       cell(attempt.value("error", nlohmann::json()))});
    }
    table.print(out_);
}

void TaskPrinter::print_page(const nlohmann::json& page, bool with_owner) const {
    std::vector<std::string> headers{"TASK"};
    if (with_owner) headers.insert(headers.end(), {"SERVICE", "USER"});
    headers.insert(headers.end(), {"STATUS", "PRIORITY", "PROGRESS", "CREATED"});
    TablePrinter table(headers);
    for (const auto& task : page.value("tasks", nlohmann::json::array())) {
        std::vector<std::string> row{cell(task.value("task_id", nlohmann::json()))};
        if (with_owner) {
            row.push_back(cell(task.value("service", nlohmann::json())));
            row.push_back(cell(task.value("user_id", nlohmann::json())));
        }
        row.push_back(cell(task.value("status", nlohmann::json())));
        row.push_back(cell(task.value("priority", nlohmann::json())));
        row.push_back(progress_text(task));
        row.push_back(format_time(task.value("created_at", nlohmann::json())));
        table.add_row(std::move(row));
    }
    if (table.empty()) {
        out_ << "no tasks\n";
    } else {
        table.print(out_);
    }
    const nlohmann::json next = page.value("next_cursor", nlohmann::json());
    if (next.is_string()) out_ << "more: --cursor " << next.get<std::string>() << " (or --all)\n";
}

}  // namespace dms::cli
