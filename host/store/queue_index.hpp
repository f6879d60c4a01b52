#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/multi_index/identity.hpp>
#include <boost/multi_index/ranked_index.hpp>
#include <boost/multi_index_container.hpp>

namespace dms::store {

// Where a queued task stands: workers take the lowest first (priority 0 is high, then the fair key that makes users
// take turns, then submission order). fair_key 0 is a scheduled task's before it is due: it gets one then.
struct QueueKey {
    int priority = 0;
    std::int64_t fair_key = 0;
    std::int64_t seq = 0;
    auto operator<=>(const QueueKey&) const = default;
};

// One change to the queue, applied once the transaction that made it has committed.
struct QueueChange {
    enum class Kind { add, remove } kind = Kind::add;
    std::string service;
    QueueKey key;
};

// The queued tasks of every service, in queue order, in memory. A store keeps it in step with its durable state
// (changing it only after a commit) and answers from it what SQL indexes cannot answer cheaply at a million queued
// tasks: a task's position (a count) and the heads of several services' queues, both in O(log n) per service.
// Thread-safe: many readers, one writer at a time.
class QueueIndex {
public:
    void apply(std::span<const QueueChange> changes);

    // Replaces everything with these keys by service, in any order (a store's queue as read at open).
    void assign(std::map<std::string, std::vector<QueueKey>, std::less<>> keys);

    // How many queued tasks, of any service, come before `key`.
    std::int64_t position(QueueKey key) const;

    // The first `max` keys in queue order among `services`, at most caps[s] of service s.
    std::vector<QueueKey> heads(std::span<const std::string> services,
                                const std::map<std::string, std::size_t, std::less<>>& caps, std::size_t max) const;

    // The first `max` keys of one priority among `services`, in queue order (for bounded wait).
    std::vector<QueueKey> priority_heads(std::span<const std::string> services, int priority, std::size_t max) const;

    // Up to `count` keys of one service in queue order, from the `from`-th on (for leases that pass some over).
    std::vector<QueueKey> page(std::string_view service, std::size_t from, std::size_t count) const;

    bool any(std::span<const std::string> services) const;
    std::size_t size() const;

private:
    // A ranked index counts the keys before any key in O(log n).
    using Keys = boost::multi_index_container<
        QueueKey, boost::multi_index::indexed_by<boost::multi_index::ranked_unique<boost::multi_index::identity<QueueKey>>>>;

    mutable std::shared_mutex mutex_;
    // What heads and priority_heads share: the first keys of each service (of `priority` only, when given; at most
    // its cap of `caps`), merged in queue order, at most `max`.
    std::vector<QueueKey> merged_heads(std::span<const std::string> services, std::optional<int> priority,
                                       const std::map<std::string, std::size_t, std::less<>>& caps,
                                       std::size_t max) const;

    std::map<std::string, Keys, std::less<>> by_service_;
};

}  // namespace dms::store
