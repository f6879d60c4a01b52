#include "cli/rate_meter.hpp"

namespace dms::cli {

void RateMeter::add(Clock::time_point at, double amount) {
    if (!samples_.empty() && amount < samples_.back().second) samples_.clear();
    samples_.emplace_back(at, amount);
    // Keep one sample older than the window, so the window is always spanned.
    while (samples_.size() > 2 && at - samples_[1].first >= window_) samples_.pop_front();
}

std::optional<double> RateMeter::rate() const {
    if (samples_.size() < 2) return std::nullopt;
    const auto& [first_at, first] = samples_.front();
    const auto& [last_at, last] = samples_.back();
    double seconds = std::chrono::duration<double>(last_at - first_at).count();
    if (seconds < 0.5) return std::nullopt;
    return (last - first) / seconds;
}

}  // namespace dms::cli
