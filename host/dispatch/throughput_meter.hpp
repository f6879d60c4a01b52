#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace dms::dispatch {

// How fast this host finishes attempts: completions per second over a recent window, for telling a queued task when
// it may start. Every attempt that ends frees a worker for the next task in the queues, so endings of any kind count.
// Thread-safe.
class ThroughputMeter {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kWindow{60};
    static constexpr std::size_t kMaxSamples = 100000;  // past this rate the oldest are dropped: memory stays bounded

    explicit ThroughputMeter(Clock::time_point started = Clock::now()) : started_(started) {}

    void record(Clock::time_point at = Clock::now());

    // Completions per second over the window (or since the meter started, if sooner); nothing before the first.
    std::optional<double> per_second(Clock::time_point now = Clock::now()) const;

private:
    void forget_before(Clock::time_point cutoff) const;  // with mutex_ held

    mutable std::mutex mutex_;
    mutable std::deque<Clock::time_point> endings_;  // oldest first, within the window
    Clock::time_point started_;
};

}  // namespace dms::dispatch
