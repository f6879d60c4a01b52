#pragma once

#include <cstddef>
#include <vector>

namespace dms::load {

// Percentiles of a load run, exact: every sample is kept and sorted once at the end.
struct LatencySummary {
    std::size_t count = 0;
    double p50_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0, mean_ms = 0;
};

// Collects request latencies; one recorder per connection, merged afterwards, so recording takes no lock.
class LatencyRecorder {
 public:
    void record(double millis) { samples_.push_back(millis); }
    void merge(const LatencyRecorder& other);
    std::size_t size() const { return samples_.size(); }

    // Sorts the samples (once) and reads the percentiles by nearest rank.
    LatencySummary summarize();

 private:
    std::vector<double> samples_;
};

}  // namespace dms::load
