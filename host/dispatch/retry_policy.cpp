#include "dispatch/retry_policy.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

namespace dms::dispatch {

RetryPolicy::RetryPolicy(std::chrono::milliseconds base, std::chrono::milliseconds cap)
    : base_(std::max(base, std::chrono::milliseconds(1))), cap_(std::max(cap, base_)) {}

std::chrono::microseconds RetryPolicy::delay(int retry) const {
    using std::chrono::microseconds;
    // Doubling stops at the cap; past 2^30 it would overflow long before mattering.
    int doublings = std::clamp(retry - 1, 0, 30);
    auto full = std::min<microseconds>(cap_, microseconds(base_) * (std::int64_t{1} << doublings));
    if (full.count() < 2) return full;
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_int_distribution<std::int64_t> half(0, full.count() / 2);
    return microseconds(full.count() - full.count() / 2 + half(random));
}

void RetryPolicy::plan(AttemptEnding& ending, const task::Task& task, bool permanent, task::Timestamp now) const {
    if (ending.event != task::Event::fail || permanent || task.failures >= task.max_retries) return;
    int retry = task.failures + 1;
    auto wait = delay(retry);
    ending.event = task::Event::retry;
    ending.not_before = now + wait;
    ending.log += fmt::format("; retry {} of {} in {:.3g}s", retry, task.max_retries,
                              std::chrono::duration<double>(wait).count());
}

}  // namespace dms::dispatch
