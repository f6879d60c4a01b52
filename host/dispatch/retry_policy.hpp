#pragma once

#include <chrono>

#include "dispatch/attempt_ending.hpp"
#include "task/task.hpp"

namespace dms::dispatch {

// When a failed attempt is tried again: exponential backoff from `base`, doubling per failure up to `cap`, with
// "equal jitter" (half the wait fixed, half random) so that tasks failing together do not retry together.
class RetryPolicy {
public:
    RetryPolicy(std::chrono::milliseconds base, std::chrono::milliseconds cap);

    // The wait before retry number `retry` (1 for the first): between half and all of min(cap, base * 2^(retry-1)).
    std::chrono::microseconds delay(int retry) const;

    // Turns a failing ending into a retry when the task has retries left and the failure is not permanent: the
    // event becomes retry, not_before is set, and the log says when and which retry it is.
    void plan(AttemptEnding& ending, const task::Task& task, bool permanent, task::Timestamp now) const;

private:
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
};

}  // namespace dms::dispatch
