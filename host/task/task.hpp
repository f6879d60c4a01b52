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

// One ended attempt of a task, as GET shows it: like seed 004's execution logs.
struct AttemptRecord {
    int number = 0;       // the task's attempt count when it started
    std::string host;     // the host that ran it
    std::string outcome;  // completed | failed | cancelled | interrupted (host stopped or died; requeued)
    std::optional<Timestamp> started_at;
    Timestamp finished_at{};
    std::string error;  // why it failed; empty otherwise

    bool operator==(const AttemptRecord&) const = default;
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
    int max_retries = 0;     // failed attempts retried before the task ends failed
    int failures = 0;        // failed attempts so far, since submission or the last operator retry
    std::optional<double> timeout_seconds;  // the task's own limit on one attempt's run, over its service's
    std::optional<Timestamp> not_before;    // retrying, scheduled: the next attempt starts no earlier (next_run_at)
    std::optional<Timestamp> attempt_started_at;  // running: when the current attempt was leased
    std::string template_id;  // the recurring template whose occurrence created it; empty for a submission

    std::string lease_owner;  // the host running it, while running
    std::optional<Timestamp> lease_expires_at;

    std::int64_t seq = 0;  // submission order: FIFO within a priority follows it
    Timestamp created_at{};
    Timestamp updated_at{};
    std::optional<Timestamp> started_at;
    std::optional<Timestamp> finished_at;

    std::vector<LogEntry> logs;  // the latest entries, oldest first
    std::int64_t log_count = 0;  // how many entries are stored in all
    std::vector<AttemptRecord> attempt_history;  // ended attempts, oldest first; filled by get, not by list
};

}  // namespace dms::task
