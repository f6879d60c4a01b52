#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dms::service {

// A token bucket per user for submissions on this host: `rate` tokens a second, at most `burst` saved up. Memory
// stays bounded: a user whose bucket has refilled is the same as a user never seen, so such idle buckets are dropped
// whenever the map grows past a threshold (twice its size after the last sweep); if more than half of kMaxUsers are
// still active then, the least recently seen half go too. Thread-safe.
class SubmitRateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kMaxUsers = 100000;

    // rate 0: no limit. burst 0: the rate rounded up (at least 1).
    SubmitRateLimiter(double rate, double burst);

    // Takes a token for `user_id`. Nothing when the submission may go ahead; else how long until it may, in whole
    // seconds (at least 1), for Retry-After.
    std::optional<std::chrono::seconds> take(std::string_view user_id, Clock::time_point now = Clock::now());

    bool enabled() const { return rate_ > 0; }
    double rate() const { return rate_; }
    double burst() const { return burst_; }
    std::size_t tracked_users() const;

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };

    double refilled(const Bucket& bucket, Clock::time_point now) const;
    void evict(Clock::time_point now);  // with mutex_ held

    double rate_;
    double burst_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::size_t evict_at_ = 1024;  // the size that triggers the next sweep; doubles while users stay active
};

}  // namespace dms::service
