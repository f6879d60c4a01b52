#include "dispatch/throughput_meter.hpp"

#include <algorithm>

namespace dms::dispatch {

void ThroughputMeter::record(Clock::time_point at) {
    std::lock_guard lock(mutex_);
    endings_.push_back(at);
    if (endings_.size() > kMaxSamples) endings_.pop_front();
    forget_before(at - kWindow);
}

std::optional<double> ThroughputMeter::per_second(Clock::time_point now) const {
    std::lock_guard lock(mutex_);
    forget_before(now - kWindow);
    if (endings_.empty()) return std::nullopt;
    // A host up for less than the window has seen fewer seconds; at least one, so a first burst is not taken as a
    // rate a hundred times too high.
    auto span = std::clamp<Clock::duration>(now - started_, std::chrono::seconds(1), kWindow);
    return static_cast<double>(endings_.size()) / std::chrono::duration<double>(span).count();
}

void ThroughputMeter::forget_before(Clock::time_point cutoff) const {
    while (!endings_.empty() && endings_.front() < cutoff) endings_.pop_front();
}

}  // namespace dms::dispatch
