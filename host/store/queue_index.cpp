#include "store/queue_index.hpp"

#include <algorithm>
#include <cstdint>
#include <mutex>

namespace dms::store {

void QueueIndex::apply(std::span<const QueueChange> changes) {
    if (changes.empty()) return;
    std::unique_lock lock(mutex_);
    for (const QueueChange& change : changes) {
        if (change.kind == QueueChange::Kind::add) {
            auto found = by_service_.find(change.service);
            if (found == by_service_.end()) found = by_service_.emplace(change.service, Keys{}).first;
            found->second.insert(change.key);
        } else if (auto found = by_service_.find(change.service); found != by_service_.end()) {
            found->second.erase(change.key);
        }
    }
}

void QueueIndex::assign(std::map<std::string, std::vector<QueueKey>, std::less<>> keys) {
    std::map<std::string, Keys, std::less<>> built;
    for (auto& [service, service_keys] : keys) {
        // Inserted in order at the end, each insert is amortized constant time instead of a descent.
        std::sort(service_keys.begin(), service_keys.end());
        Keys& index = built[service];
        for (QueueKey key : service_keys) index.insert(index.end(), key);
    }
    std::unique_lock lock(mutex_);
    by_service_ = std::move(built);
}

std::int64_t QueueIndex::position(QueueKey key) const {
    std::shared_lock lock(mutex_);
    std::int64_t ahead = 0;
    for (const auto& [service, keys] : by_service_) {
        ahead += static_cast<std::int64_t>(keys.rank(keys.lower_bound(key)));
    }
    return ahead;
}

std::vector<QueueKey> QueueIndex::heads(std::span<const std::string> services,
                                        const std::map<std::string, std::size_t, std::less<>>& caps,
                                        std::size_t max) const {
    return merged_heads(services, std::nullopt, caps, max);
}

std::vector<QueueKey> QueueIndex::priority_heads(std::span<const std::string> services, int priority,
                                                 std::size_t max) const {
    static const std::map<std::string, std::size_t, std::less<>> kNoCaps;
    return merged_heads(services, priority, kNoCaps, max);
}

std::vector<QueueKey> QueueIndex::merged_heads(std::span<const std::string> services, std::optional<int> priority,
                                               const std::map<std::string, std::size_t, std::less<>>& caps,
                                               std::size_t max) const {
    std::vector<QueueKey> candidates;
    std::shared_lock lock(mutex_);
    // The first few of each service, merged: no more than `max` from any one of them can be among the first `max`.
    for (const std::string& service : services) {
        auto found = by_service_.find(service);
        if (found == by_service_.end()) continue;
        const Keys& keys = found->second;
        auto cap = caps.find(service);
        std::size_t most = cap == caps.end() ? max : std::min(max, cap->second);
        auto key = priority ? keys.lower_bound(QueueKey{*priority, INT64_MIN, INT64_MIN}) : keys.begin();
        for (std::size_t taken = 0; taken < most && key != keys.end() && (!priority || key->priority == *priority);
             ++taken, ++key) {
            candidates.push_back(*key);
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());  // a service named twice
    if (candidates.size() > max) candidates.resize(max);
    return candidates;
}

std::vector<QueueKey> QueueIndex::page(std::string_view service, std::size_t from, std::size_t count) const {
    std::vector<QueueKey> keys;
    std::shared_lock lock(mutex_);
    auto found = by_service_.find(service);
    if (found == by_service_.end() || from >= found->second.size()) return keys;
    // The ranked index finds the from-th key in O(log n).
    for (auto key = found->second.nth(from); key != found->second.end() && keys.size() < count; ++key) {
        keys.push_back(*key);
    }
    return keys;
}

bool QueueIndex::any(std::span<const std::string> services) const {
    std::shared_lock lock(mutex_);
    return std::any_of(services.begin(), services.end(), [&](const std::string& service) {
        auto found = by_service_.find(service);
        return found != by_service_.end() && !found->second.empty();
    });
}

std::size_t QueueIndex::size() const {
    std::shared_lock lock(mutex_);
    std::size_t total = 0;
    for (const auto& [service, keys] : by_service_) total += keys.size();
    return total;
}

}  // namespace dms::store
