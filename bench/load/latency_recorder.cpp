#include "latency_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dms::load {

void LatencyRecorder::merge(const LatencyRecorder& other) {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
}

LatencySummary LatencyRecorder::summarize() {
    LatencySummary summary;
    summary.count = samples_.size();
    if (samples_.empty()) return summary;
    std::sort(samples_.begin(), samples_.end());
    // Nearest rank: the smallest sample with at least fraction * count samples at or below it.
    auto at = [this](double fraction) {
        auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples_.size())));
        return samples_[std::clamp<std::size_t>(rank, 1, samples_.size()) - 1];
    };
    summary.p50_ms = at(0.50);
    summary.p99_ms = at(0.99);
    summary.p999_ms = at(0.999);
    summary.max_ms = samples_.back();
    summary.mean_ms = std::accumulate(samples_.begin(), samples_.end(), 0.0) / static_cast<double>(samples_.size());
    return summary;
}

}  // namespace dms::load
