#include "store/delayed_queue.hpp"

namespace dms::store {

void DelayedQueue::apply(std::span<const DelayedChange> changes) {
    if (changes.empty()) return;
    std::lock_guard lock(mutex_);
    for (const DelayedChange& change : changes) {
        if (change.kind == DelayedChange::Kind::add) {
            add(change.entry);
        } else {
            remove(change.entry.key.seq);
        }
    }
}

void DelayedQueue::assign(std::vector<DelayedEntry> entries) {
    std::lock_guard lock(mutex_);
    by_due_.clear();
    due_by_seq_.clear();
    for (const DelayedEntry& entry : entries) add(entry);
}

std::vector<QueueChange> DelayedQueue::take_due(task::Timestamp now) {
    std::vector<QueueChange> due;
    std::lock_guard lock(mutex_);
    auto end = by_due_.upper_bound({now, INT64_MAX});
    for (auto it = by_due_.begin(); it != end; ++it) {
        due.push_back({QueueChange::Kind::add, it->second.service, it->second.key});
        due_by_seq_.erase(it->second.key.seq);
    }
    by_due_.erase(by_due_.begin(), end);
    return due;
}

bool DelayedQueue::any_due(task::Timestamp now) const {
    std::lock_guard lock(mutex_);
    return !by_due_.empty() && by_due_.begin()->first.first <= now;
}

std::size_t DelayedQueue::size() const {
    std::lock_guard lock(mutex_);
    return by_due_.size();
}

void DelayedQueue::add(const DelayedEntry& entry) {
    remove(entry.key.seq);
    by_due_[{entry.due, entry.key.seq}] = entry;
    due_by_seq_[entry.key.seq] = entry.due;
}

void DelayedQueue::remove(std::int64_t seq) {
    auto found = due_by_seq_.find(seq);
    if (found == due_by_seq_.end()) return;
    by_due_.erase({found->second, seq});
    due_by_seq_.erase(found);
}

}  // namespace dms::store
