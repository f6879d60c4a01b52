#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/queue_index.hpp"
#include "task/task.hpp"

namespace dms::store {

// A task that may not be leased before a time (retrying or scheduled), with its place in its service's queue.
struct DelayedEntry {
    task::Timestamp due;
    std::string service;
    QueueKey key;
};

// One change to the delayed tasks, applied once the transaction that made it has committed.
struct DelayedChange {
    enum class Kind { add, remove } kind = Kind::add;
    DelayedEntry entry;  // for remove, only entry.key.seq counts
};

// The tasks that wait for a time, in memory, by that time. A lease first moves the due ones into the QueueIndex, so a
// waiting task never blocks the queue behind it and no lease scans the waiting ones. Thread-safe.
class DelayedQueue {
public:
    void apply(std::span<const DelayedChange> changes);
    void assign(std::vector<DelayedEntry> entries);

    // Removes the entries due at or before `now` and returns them as additions to the queue.
    std::vector<QueueChange> take_due(task::Timestamp now);
    bool any_due(task::Timestamp now) const;
    std::size_t size() const;

private:
    void add(const DelayedEntry& entry);  // with mutex_ held
    void remove(std::int64_t seq);        // with mutex_ held

    mutable std::mutex mutex_;
    std::map<std::pair<task::Timestamp, std::int64_t>, DelayedEntry> by_due_;
    std::unordered_map<std::int64_t, task::Timestamp> due_by_seq_;
};

}  // namespace dms::store
