#include "cli/progress_bar.hpp"

#include <algorithm>
#include <cmath>

#include "cli/formatting.hpp"
#include "cli/table_printer.hpp"

namespace dms::cli {
namespace {

constexpr std::size_t kBarWidth = 24;
constexpr auto kPlainEvery = std::chrono::seconds(1);

std::string bar(double fraction, std::size_t width) {
    auto filled = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(width)));
    filled = std::min(filled, width);
    std::string text = "[" + std::string(filled, '=');
    if (filled < width) text += ">" + std::string(width - filled - 1, ' ');
    return text + "]";
}

// Cuts text to `columns` display columns, counting UTF-8 code points.
std::string truncate(const std::string& text, std::size_t columns) {
    if (display_width(text) <= columns) return text;
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (seen == columns) return text.substr(0, i);
        ++seen;
    }
    return text;
}

}  // namespace

std::string ProgressBar::status_line(const nlohmann::json& task, std::optional<double> rate, std::size_t bar_width) {
    std::string status = task.value("status", "?");
    std::string line = status;
    if (task.value("cancel_requested", false) && (status == "queued" || status == "running")) line += " (cancelling)";
    if (status == "queued") {
        if (task.contains("position")) line += "  " + cell(task["position"]) + " task(s) before it";
        return line;
    }
    const nlohmann::json progress = task.value("progress", nlohmann::json::object());
    double done = progress.value("done", 0.0);
    double total = progress.value("total", 0.0);
    std::string unit = progress.value("unit", "");
    if (total > 0) {
        double fraction = std::clamp(done / total, 0.0, 1.0);
        if (bar_width > 0) line += " " + bar(fraction, bar_width);
        line += "  " + std::to_string(static_cast<int>(std::floor(fraction * 100))) + "%  " +
                format_amount(done, unit) + " / " + format_amount(total, unit);
    } else if (done > 0) {
        line += "  " + format_amount(done, unit);
    }
    // A rate of seconds per second says nothing; bytes and items per second do.
    if (rate && *rate > 0 && unit != "seconds") line += "  " + format_amount(*rate, unit) + "/s";
    if (rate && *rate > 0 && total > done && status == "running") {
        line += "  ETA " + format_duration((total - done) / *rate);
    }
    std::string message = progress.value("message", "");
    if (!message.empty()) line += "  · " + message;
    return line;
}

std::string ProgressBar::latest_log(const nlohmann::json& task) {
    const nlohmann::json logs = task.value("logs", nlohmann::json::array());
    if (logs.empty() || !logs.back().is_string()) return {};
    return log_message(logs.back().get<std::string>());
}

std::string ProgressBar::outcome_line(const nlohmann::json& task) {
    std::string status = task.value("status", "?");
    auto seconds = run_seconds(task);
    std::string line = status;
    if (seconds) line += (status == "completed" ? " in " : " after ") + format_duration(*seconds);
    std::string progress = status_line(task, std::nullopt, 0);
    std::string details = progress.substr(std::min(progress.size(), progress.find_first_not_of(' ', status.size())));
    if (!details.empty()) line += "  " + details;
    if (status == "failed" || status == "cancelled") {
        if (std::string why = latest_log(task); !why.empty()) line += "\n  " + why;
    }
    const nlohmann::json result = task.value("result", nlohmann::json::object());
    // A short result stays on one line; a long one (a transfer report) is easier to read indented.
    if (!result.empty()) line += "\nresult: " + (result.dump().size() <= 80 ? result.dump() : result.dump(2));
    return line;
}

std::string ProgressBar::fit(const std::string& line) const {
    // One column short of the width: writing the last column would wrap on some terminals.
    return truncate(line, columns_ > 1 ? columns_ - 1 : columns_);
}

void ProgressBar::draw(const std::string& first, const std::string& second) {
    if (drawn_) out_ << "\r\x1b[1A";
    out_ << fit(first) << "\x1b[K\n" << fit(second) << "\x1b[K";
    out_.flush();
    drawn_ = true;
}

void ProgressBar::show(const nlohmann::json& task, Clock::time_point now) {
    const nlohmann::json progress = task.value("progress", nlohmann::json::object());
    if (task.value("status", "") == "running") rate_.add(now, progress.value("done", 0.0));
    std::string log = latest_log(task);
    if (terminal_) {
        draw(status_line(task, rate_.rate(), kBarWidth), log.empty() ? "" : "  " + log);
        return;
    }
    // Rate and ETA change with every poll; only the rest decides whether a new line is worth printing.
    std::string status = task.value("status", "");
    std::string key = status_line(task, std::nullopt, 0) + "|" + log;
    bool status_changed = status != last_status_;
    if (key == last_plain_key_ || (!status_changed && now - last_plain_at_ < kPlainEvery)) return;
    std::string line = status_line(task, rate_.rate(), 0);
    if (!log.empty()) line += "  | " + log;
    out_ << line << '\n';
    out_.flush();
    last_plain_key_ = key;
    last_status_ = status;
    last_plain_at_ = now;
}

void ProgressBar::finish(const nlohmann::json& task) {
    if (drawn_) out_ << "\r\x1b[1A\x1b[J";
    drawn_ = false;
    out_ << outcome_line(task) << '\n';
    out_.flush();
}

}  // namespace dms::cli
