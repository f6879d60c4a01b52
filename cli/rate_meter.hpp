#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <utility>

namespace dms::cli {

// The recent rate of a growing amount (bytes, items): the change over the last few seconds of samples,
// so a stall shows quickly and one slow poll does not swing it.
class RateMeter {
 public:
    using Clock = std::chrono::steady_clock;

    explicit RateMeter(std::chrono::milliseconds window = std::chrono::seconds(5)) : window_(window) {}

    void add(Clock::time_point at, double amount);

    // Units per second over the window; nothing until the samples span at least half a second. An
    // amount that went down (a new attempt starting over) starts the window again.
    std::optional<double> rate() const;

 private:
    std::chrono::milliseconds window_;
    std::deque<std::pair<Clock::time_point, double>> samples_;
};

}  // namespace dms::cli
