#include "cli/formatting.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace dms::cli {
namespace {

// "2026-11-23T10:00:16.515926+09:00" (or "...Z") as seconds since the epoch.
std::optional<double> parse_iso(const nlohmann::json& value) {
    if (!value.is_string()) return std::nullopt;
    const std::string& text = value.get_ref<const std::string&>();
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, used = 0;
    double second = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &year, &month, &day, &hour, &minute, &second, &used) !=
        6) {
        return std::nullopt;
    }
    int offset_minutes = 0;
    std::string zone = text.substr(static_cast<std::size_t>(used));
    if (zone != "Z") {
        int offset_hours = 0, offset_rest = 0;
        if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
            std::sscanf(zone.c_str() + 1, "%2d:%2d", &offset_hours, &offset_rest) != 2) {
            return std::nullopt;
        }
        offset_minutes = (zone[0] == '-' ? -1 : 1) * (offset_hours * 60 + offset_rest);
    }
    std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                     std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok()) return std::nullopt;
    auto days = std::chrono::sys_days(date).time_since_epoch();
    return std::chrono::duration<double>(days).count() + hour * 3600.0 + minute * 60.0 + second - offset_minutes * 60.0;
}

}  // namespace

std::string format_number(double value) {
    char text[64];
    std::snprintf(text, sizeof(text), "%.2f", value);
    std::string out = text;
    // "2.50" -> "2.5", "3.00" -> "3"
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    return out == "-0" ? "0" : out;
}

std::string format_bytes(double bytes) {
    static constexpr std::array<const char*, 6> kUnits{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    std::size_t unit = 0;
    while (std::fabs(bytes) >= 1024 && unit + 1 < kUnits.size()) {
        bytes /= 1024;
        ++unit;
    }
    char text[64];
    std::snprintf(text, sizeof(text), unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnits[unit]);
    return text;
}

std::string format_amount(double value, std::string_view unit) {
    if (unit == "bytes") return format_bytes(value);
    if (unit == "seconds") return format_number(value) + " s";
    if (unit.empty()) return format_number(value);
    return format_number(value) + " " + std::string(unit);
}

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    auto total = static_cast<long long>(std::llround(seconds));
    char text[64];
    if (total >= 3600) {
        std::snprintf(text, sizeof(text), "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
    } else {
        std::snprintf(text, sizeof(text), "%lld:%02lld", total / 60, total % 60);
    }
    return text;
}

std::string format_time(const nlohmann::json& iso) {
    if (!iso.is_string()) return cell(iso);
    std::string text = iso.get<std::string>();
    // 2026-11-23T10:00:16.515926+09:00: keep the date, the whole seconds and the offset.
    if (text.size() < 19 || text[10] != 'T') return text;
    std::string out = text.substr(0, 10) + " " + text.substr(11, 8);
    auto offset = text.find_first_of("+-Z", 19);
    if (offset != std::string::npos) out += text.substr(offset);
    return out;
}

std::string log_message(std::string_view line) {
    auto comma = line.find(',');
    return std::string(comma == std::string_view::npos ? line : line.substr(comma + 1));
}

std::optional<double> run_seconds(const nlohmann::json& task) {
    auto started = parse_iso(task.value("started_at", nlohmann::json()));
    auto finished = parse_iso(task.value("finished_at", nlohmann::json()));
    if (!started || !finished) return std::nullopt;
    return *finished - *started;
}

std::string cell(const nlohmann::json& value) {
    if (value.is_null()) return "-";
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_float()) return format_number(value.get<double>());
    return value.dump();
}

}  // namespace dms::cli
