#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace dms::load {

// The host's resident memory while load runs: a thread reads VmRSS from /proc every few milliseconds and
// keeps the peak, since the kernel's own peak (VmHWM) also counts the start-up.
class RssSampler {
 public:
    explicit RssSampler(pid_t pid, std::chrono::milliseconds every = std::chrono::milliseconds(20));
    ~RssSampler();
    RssSampler(const RssSampler&) = delete;
    RssSampler& operator=(const RssSampler&) = delete;

    // The highest VmRSS seen so far, in MiB.
    double peak_mib() const { return peak_kib_.load() / 1024.0; }

    // VmRSS of `pid` now, in MiB; 0 when it cannot be read (process gone).
    static double current_mib(pid_t pid);

 private:
    pid_t pid_;
    std::chrono::milliseconds every_;
    std::atomic<long> peak_kib_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace dms::load
