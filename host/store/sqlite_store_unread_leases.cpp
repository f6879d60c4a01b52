// What a lease does with tasks it committed but could not read back. Part of SqliteStore (sqlite_store.hpp).
#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "store/sqlite_store.hpp"

namespace dms::store {
namespace {

// Logged when a lease committed but its rows could not be read back: its tasks go back to their queues unstarted.
constexpr std::string_view kReturnedUnread = "Returned to its queue before it started: the host could not read it";

}  // namespace

void SqliteStore::return_unread(std::span<const sqlite::StartedAttempt> started) {
    std::vector<FinishRequest> requests;
    requests.reserve(started.size());
    for (const sqlite::StartedAttempt& attempt : started) {
        requests.push_back({{attempt.task_id, attempt.attempt}, task::Event::requeue, nullptr,
                            std::string(kReturnedUnread), std::nullopt, false});
    }
    try {
        finish_batch(requests);
    } catch (const std::exception&) {
        // Their leases lapse unrenewed, and the sweep requeues them then.
    }
}

void SqliteStore::fail_unreadable(std::span<const sqlite::StartedAttempt> started,
                                  std::span<const sqlite::UnreadableRow> unreadable) {
    std::vector<FinishRequest> requests;
    for (const sqlite::UnreadableRow& row : unreadable) {
        auto attempt = std::find_if(started.begin(), started.end(),
                                    [&](const sqlite::StartedAttempt& one) { return one.seq == row.seq; });
        if (attempt == started.end()) continue;
        spdlog::error("task {}: its stored row cannot be read ({}); it fails", attempt->task_id, row.error);
        requests.push_back(unreadable_task_ending({attempt->task_id, attempt->attempt}, row.error));
    }
    try {
        finish_batch(requests);
    } catch (const std::exception& error) {
        // Their leases lapse unrenewed, and the sweep requeues them then; the next lease tries again.
        spdlog::error("sqlite: cannot fail {} unreadable tasks: {}", requests.size(), error.what());
    }
}

}  // namespace dms::store
