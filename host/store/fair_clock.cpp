#include "store/fair_clock.hpp"

#include <algorithm>

namespace dms::store {

namespace {

std::size_t slot(int priority) { return static_cast<std::size_t>(std::clamp(priority, 0, 2)); }

}  // namespace

std::int64_t FairClock::next_key(int priority, std::string_view user_id, std::int64_t step) {
    auto& last = last_[slot(priority)];
    auto found = last.find(user_id);
    if (found == last.end()) found = last.emplace(std::string(user_id), 0).first;
    found->second = std::max(found->second, clocks_[slot(priority)]) + step;
    return found->second;
}

bool FairClock::leased(int priority, std::int64_t key) {
    std::int64_t& clock = clocks_[slot(priority)];
    if (key <= clock) return false;
    clock = key;
    // Users the clock has passed are equivalent to users never seen: forget them so the map holds only busy users.
    // Pruned when the map has doubled since the last pruning, so the cost per lease stays constant on average.
    auto& last = last_[slot(priority)];
    if (last.size() > prune_at_[slot(priority)]) {
        std::erase_if(last, [&](const auto& entry) { return entry.second <= clock; });
        prune_at_[slot(priority)] = std::max<std::size_t>(1024, 2 * last.size());
    }
    return true;
}

std::int64_t FairClock::clock(int priority) const { return clocks_[slot(priority)]; }

void FairClock::set_clock(int priority, std::int64_t clock) { clocks_[slot(priority)] = clock; }

void FairClock::raise_last(int priority, std::string_view user_id, std::int64_t key) {
    auto& last = last_[slot(priority)];
    // Called once per waiting task at open: a user already seen costs no allocation.
    auto found = last.find(user_id);
    if (found == last.end()) {
        last.emplace(std::string(user_id), key);
    } else {
        found->second = std::max(found->second, key);
    }
}

}  // namespace dms::store
