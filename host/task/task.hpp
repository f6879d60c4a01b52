#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "task/priority.hpp"
#include "task/status.hpp"

namespace dms::task {

// Microsecond UTC time: what the store keeps and the log lines are formatted from.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

inline Timestamp now() { return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()); }

// How far a running task has got, as its plugin last reported.
struct Progress {
    double done = 0;
    double total = 0;  // 0: unknown
    std::string unit;
    std::string message;

    bool operator==(const Progress&) const = default;
};

// One line of a task's log; formatted as "<iso-timestamp>,<message>" in the configured zone.
struct LogEntry {
    Timestamp at;
    std::string message;

    bool operator==(const LogEntry&) const = default;
};

// One task: what was asked, where it stands, and what came of it.
struct Task {
    std::string task_id;
    std::string service;
    std::string user_id;
    nlohmann::json parameters = nlohmann::json::object();
    Priority priority = Priority::low;
    Status status = Status::queued;
    bool cancel_requested = false;
    nlohmann::json result = nlohmann::json::object();
    Progress progress;
    int attempts = 0;  // attempts started so far; the running attempt's number while running
    std::string checkpoint;  // opaque resume cursor from the plugin's last checkpoint

    std::string lease_owner;  // the host running it, while running
    std::optional<Timestamp> lease_expires_at;

    std::int64_t seq = 0;  // submission order: FIFO within a priority follows it
    Timestamp created_at{};
    Timestamp updated_at{};
    std::optional<Timestamp> started_at;
    std::optional<Timestamp> finished_at;

    std::vector<LogEntry> logs;  // the latest entries, oldest first
    std::int64_t log_count = 0;  // how many entries are stored in all
};

}  // namespace dms::task
