#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dms::cli {

// Text for people: numbers, sizes, durations and times as the tables and the progress bar show them.

// 3 -> "3", 2.5 -> "2.5", 0.333 -> "0.33": at most two decimals, none when whole.
std::string format_number(double value);

// 1536 -> "1.5 KiB"
std::string format_bytes(double bytes);

// An amount in a plugin's unit: bytes as sizes, seconds as "12.5 s", anything else as "120 files".
std::string format_amount(double value, std::string_view unit);

// 75 -> "1:15", 3725 -> "1:02:05"
std::string format_duration(double seconds);

// "2026-11-23T10:00:16.515926+09:00" -> "2026-11-23 10:00:16+09:00"; anything else as it is.
std::string format_time(const nlohmann::json& iso);

// "<iso-timestamp>,<message>" -> "<message>"
std::string log_message(std::string_view line);

// finished_at - started_at of a task, in seconds, when both are there.
std::optional<double> run_seconds(const nlohmann::json& task);

// A JSON value as a table cell: strings bare, null as "-", anything else compact JSON.
std::string cell(const nlohmann::json& value);

}  // namespace dms::cli
