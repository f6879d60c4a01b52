#pragma once

#include <atomic>

#include <dms/sdk.hpp>

namespace dms::fs {

// Why a transfer stops early, shared by all its threads: a cancel from the host, or the first failure
// under fail_fast.
class StopState {
 public:
    explicit StopState(const sdk::Task& task) : task_(task) {}

    // Cheap enough for every chunk and every file. THREADING: any thread.
    bool requested() {
        if (reason_.load(std::memory_order_relaxed) != kNone) return true;
        if (!task_.cancelled()) return false;
        int none = kNone;
        reason_.compare_exchange_strong(none, kCancelled);
        return true;
    }

    // Stops the transfer because a file failed and fail_fast is set.
    void fail_fast() {
        int none = kNone;
        reason_.compare_exchange_strong(none, kFailed);
    }

    bool cancelled() const { return reason_.load() == kCancelled; }
    bool failed_fast() const { return reason_.load() == kFailed; }

 private:
    static constexpr int kNone = 0;
    static constexpr int kCancelled = 1;
    static constexpr int kFailed = 2;
    const sdk::Task& task_;
    std::atomic<int> reason_{kNone};
};

}  // namespace dms::fs
