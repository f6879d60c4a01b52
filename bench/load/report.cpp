#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>

namespace dms::load {
namespace {

// 12345.6 -> "12,346"; 3.14159 -> "3.14"; 0.1234 -> "0.123": enough digits to read, no more.
std::string format_value(double value) {
    char buffer[64];
    bool whole = value == std::floor(value);
    if (std::fabs(value) >= 1000 || whole) {
        std::snprintf(buffer, sizeof buffer, "%.0f", std::fabs(value));
        std::string digits = buffer, grouped = value < 0 ? "-" : "";
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
            grouped += digits[i];
        }
        return grouped;
    }
    std::snprintf(buffer, sizeof buffer,
                  std::fabs(value) >= 100 ? "%.0f"
                  : std::fabs(value) >= 1 ? "%.2f"
                                          : "%.3f",
                  value);
    return buffer;
}

}  // namespace

void Report::add(const std::string& scenario, const std::string& figure, double value, const std::string& unit) {
    figures_.push_back({scenario, figure, unit, value});
}

void Report::add_loop(const std::string& scenario, LoopResult& result, const std::string& what) {
    LatencySummary latency = result.latencies.summarize();
    add(scenario, "throughput", result.ok_per_second(), what + "/s");
    add(scenario, "answered 2xx", static_cast<double>(result.ok), what);
    add(scenario, "latency p50", latency.p50_ms, "ms");
    add(scenario, "latency p99", latency.p99_ms, "ms");
    add(scenario, "latency p999", latency.p999_ms, "ms");
    add(scenario, "latency max", latency.max_ms, "ms");
    add(scenario, "errors", static_cast<double>(result.errors()), "requests");
    if (result.errors() > 0) add_error(scenario, result.errors(), result.first_error);
}

void Report::add_error(const std::string& scenario, std::size_t count, const std::string& first) {
    errors_.push_back({scenario, count, first});
}

void Report::print_table(std::ostream& out) const {
    std::size_t scenario_width = 8, figure_width = 6;
    for (const Figure& figure : figures_) {
        scenario_width = std::max(scenario_width, figure.scenario.size());
        figure_width = std::max(figure_width, figure.figure.size());
    }
    for (const auto& [key, value] : meta_.items()) {
        out << key << ": " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
    }
    out << "\n"
        << std::left << std::setw(static_cast<int>(scenario_width)) << "scenario"
        << "  " << std::setw(static_cast<int>(figure_width)) << "figure"
        << "  " << std::right << std::setw(14) << "value"
        << "  unit\n";
    std::string last;
    for (const Figure& figure : figures_) {
        if (!last.empty() && figure.scenario != last) out << "\n";
        last = figure.scenario;
        out << std::left << std::setw(static_cast<int>(scenario_width)) << figure.scenario << "  "
            << std::setw(static_cast<int>(figure_width)) << figure.figure << "  " << std::right << std::setw(14)
            << format_value(figure.value) << "  " << figure.unit << "\n";
    }
    for (const std::string& note : notes_) out << "note: " << note << "\n";
    if (errors_.empty()) {
        out << "\nOK: every request answered 2xx\n";
        return;
    }
    out << "\n!!!!!!!! ERRORS: THIS RUN'S FIGURES ARE NOT CLEAN !!!!!!!!\n";
    for (const Error& error : errors_) {
        out << "!! " << error.scenario << ": " << error.count << " failed; first: " << error.first << "\n";
    }
}

nlohmann::ordered_json Report::to_json() const {
    nlohmann::ordered_json root;
    root["meta"] = meta_;
    nlohmann::ordered_json results = nlohmann::ordered_json::object();
    for (const Figure& figure : figures_) {
        results[figure.scenario][figure.figure] = {{"value", figure.value}, {"unit", figure.unit}};
    }
    root["results"] = results;
    root["notes"] = notes_;
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const Error& error : errors_) {
        errors.push_back({{"scenario", error.scenario}, {"count", error.count}, {"first", error.first}});
    }
    root["errors"] = errors;
    root["ok"] = errors_.empty();
    return root;
}

}  // namespace dms::load
