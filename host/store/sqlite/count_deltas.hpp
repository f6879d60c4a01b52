#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include "store/sqlite/connection.hpp"
#include "task/priority.hpp"
#include "task/status.hpp"
#include "task/task.hpp"

namespace dms::store::sqlite {

// What one write transaction changes in the task counts and event totals, written once just before it commits.
// (Per-row triggers did this before schema version 2 and cost five times the row's own update.) Every write step
// that adds, removes or moves a task reports it here.
class CountDeltas {
public:
    void submitted(task::Status status, const std::string& service, task::Priority priority);
    void changed(task::Status from, task::Status to, const std::string& service, task::Priority priority);
    void reprioritized(task::Status status, const std::string& service, task::Priority from, task::Priority to);
    void removed(task::Status status, const std::string& service, task::Priority priority);
    // A task changed without a count changing (progress, a cancel request): only last_updated moves.
    void touched() { touched_ = true; }

    // Writes what was reported, with last_updated = now when anything was, then forgets it.
    void write(Connection& connection, task::Timestamp now);
    void clear();

private:
    enum Total { submitted_total, dispatched, completed, failed, cancelled, requeued, retried, kTotals };

    void add(task::Status status, const std::string& service, task::Priority priority, std::int64_t n);

    std::map<std::tuple<task::Status, std::string, task::Priority>, std::int64_t> counts_;
    std::array<std::int64_t, kTotals> totals_{};
    bool touched_ = false;
};

}  // namespace dms::store::sqlite
