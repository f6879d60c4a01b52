#include "cli/stats_printer.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "cli/formatting.hpp"
#include "cli/table_printer.hpp"

namespace dms::cli {
namespace {

const std::vector<std::string> kStatuses{"queued", "running", "completed", "failed", "cancelled"};

// "high 1 · mid 0 · low 3" in the order of `names` first, then any other key.
std::string counts(const nlohmann::json& object, const std::vector<std::string>& names) {
    std::string text;
    auto add = [&](const std::string& name, const nlohmann::json& value) {
        text += (text.empty() ? "" : " · ") + name + " " + cell(value);
    };
    for (const auto& name : names) {
        if (object.contains(name)) add(name, object[name]);
    }
    for (const auto& [name, value] : object.items()) {
        if (std::find(names.begin(), names.end(), name) == names.end()) add(name, value);
    }
    return text.empty() ? "-" : text;
}

}  // namespace

void StatsPrinter::print(const nlohmann::json& stats) const {
    const nlohmann::json empty = nlohmann::json::object();
    out_ << "tasks:    " << counts(stats.value("by_status", empty), kStatuses) << '\n';
    out_ << "queued:   " << counts(stats.value("queued_by_priority", empty), {"high", "mid", "low"}) << '\n';
    out_ << "events:   "
         << counts(stats.value("totals", empty),
                   {"submitted", "dispatched", "completed", "failed", "cancelled", "requeued"})
         << '\n';
    out_ << "updated:  " << format_time(stats.value("last_updated", nlohmann::json())) << '\n';

    const nlohmann::json services = stats.value("by_service", empty);
    if (services.empty()) return;
    std::vector<std::string> headers{"SERVICE"};
    for (const auto& status : kStatuses) headers.push_back(status);
    TablePrinter table(headers);
    for (const auto& [service, by_status] : services.items()) {
        std::vector<std::string> row{service};
        for (const auto& status : kStatuses) row.push_back(cell(by_status.value(status, nlohmann::json(0))));
        table.add_row(std::move(row));
    }
    out_ << '\n';
    table.print(out_);
}

}  // namespace dms::cli
