#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace dms::store {

// The virtual times behind fair keys for a store that serves one host (SqliteStore; RedisStore keeps the same in
// dms:fair:<priority>): per priority, the clock (the largest fair key leased there) and each user's last key.
// A task entering a queue gets max(user's last key, clock) + its step, so users with tasks waiting take turns and an
// idle user returns at the clock, with no credit saved up. Not thread-safe: used under the store's write lock.
class FairClock {
public:
    static constexpr std::size_t kPriorities = 3;

    // The key of a task of `user_id` entering the queue of `priority` now; the user's last key moves to it.
    std::int64_t next_key(int priority, std::string_view user_id, std::int64_t step);
    // A task with `key` was leased: the clock moves up to it. True when it moved.
    bool leased(int priority, std::int64_t key);

    std::int64_t clock(int priority) const;
    // For rebuilding at open: the clock as stored, and each user's largest key among their waiting tasks (a user
    // whose last task has been leased needs none: that key is at most the clock).
    void set_clock(int priority, std::int64_t clock);
    void raise_last(int priority, std::string_view user_id, std::int64_t key);

private:
    std::array<std::int64_t, kPriorities> clocks_{};
    std::array<std::map<std::string, std::int64_t, std::less<>>, kPriorities> last_;
    std::array<std::size_t, kPriorities> prune_at_{1024, 1024, 1024};
};

}  // namespace dms::store
