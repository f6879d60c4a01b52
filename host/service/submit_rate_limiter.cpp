#include "service/submit_rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace dms::service {

SubmitRateLimiter::SubmitRateLimiter(double rate, double burst)
    : rate_(rate), burst_(burst > 0 ? burst : std::max(1.0, std::ceil(rate))) {}

double SubmitRateLimiter::refilled(const Bucket& bucket, Clock::time_point now) const {
    double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    return std::min(burst_, bucket.tokens + std::max(0.0, elapsed) * rate_);
}

std::optional<std::chrono::seconds> SubmitRateLimiter::take(std::string_view user_id, Clock::time_point now) {
    if (!enabled()) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto found = buckets_.find(std::string(user_id));
    if (found == buckets_.end()) {
        if (buckets_.size() >= evict_at_) evict(now);
        found = buckets_.emplace(std::string(user_id), Bucket{burst_, now}).first;
    }
    Bucket& bucket = found->second;
    bucket.tokens = refilled(bucket, now);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return std::nullopt;
    }
    double wait = (1 - bucket.tokens) / rate_;
    return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait))));
}

void SubmitRateLimiter::evict(Clock::time_point now) {
    std::erase_if(buckets_, [&](const auto& entry) { return refilled(entry.second, now) >= burst_; });
    if (buckets_.size() > kMaxUsers / 2) {
        // Most of them are active: forget the least recently seen half, which at worst lets them burst again. Keeping
        // at most half the ceiling makes the next sweep wait as many insertions, so sweeps cost O(1) amortized.
        std::vector<Clock::time_point> seen;
        seen.reserve(buckets_.size());
        for (const auto& [user, bucket] : buckets_) seen.push_back(bucket.updated);
        auto middle = seen.begin() + static_cast<std::ptrdiff_t>(seen.size() / 2);
        std::nth_element(seen.begin(), middle, seen.end());
        std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated < *middle; });
    }
    evict_at_ = std::clamp<std::size_t>(buckets_.size() * 2, 1024, kMaxUsers);
}

std::size_t SubmitRateLimiter::tracked_users() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

}  // namespace dms::service
