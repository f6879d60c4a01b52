#include "chaos_modes.hpp"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace dms::plugins {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;
constexpr auto kTick = std::chrono::milliseconds(100);
constexpr auto kCancelPoll = std::chrono::milliseconds(20);

// Calls `on_tick` every 100 ms for `seconds`, polling cancel in between unless told to ignore it.
template <class OnTick>
void run_for(const sdk::Task& task, double seconds, bool honour_cancel, OnTick&& on_tick) {
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(Seconds(seconds));
    auto next_tick = start + kTick;
    for (auto now = start; now < end; now = Clock::now()) {
        if (honour_cancel) task.throw_if_cancelled();
        if (now >= next_tick) {
            on_tick(std::min(seconds, Seconds(now - start).count()));
            next_tick += kTick;
        }
        std::this_thread::sleep_for(std::min<Clock::duration>(kCancelPoll, end - now));
    }
}

// A real segfault even in a sanitizer build: the default action is restored over ASan's handler, and UBSan's
// null check, which would end the process with exit 1 first, is off for this one function.
[[noreturn]] __attribute__((no_sanitize("undefined"))) void crash() {
    std::signal(SIGSEGV, SIG_DFL);
    // Both volatiles matter: the compiler may neither assume the pointer is null nor drop the store.
    volatile int* volatile target = nullptr;
    *target = 42;
    std::raise(SIGSEGV);  // only where page 0 is mapped
    std::abort();
}

[[noreturn]] void hang() {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

// Never frees what it allocates, at least one block even when cancelled at once; writes one byte per page so
// that the memory is really taken.
void leak(const sdk::Task& task) {
    constexpr std::size_t kBlock = 16u << 20;
    constexpr std::size_t kPage = 4096;
    double leaked = 0;
    for (;;) {
        volatile char* block = new char[kBlock];
        for (std::size_t offset = 0; offset < kBlock; offset += kPage) block[offset] = 1;
        leaked += kBlock;
        task.progress(leaked, 0, "bytes", "leaking");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        task.throw_if_cancelled();
    }
}

// Raw write(2)s, past any stream buffer, so the bytes reach the host's descriptors as they are.
void write_garbage() {
    constexpr std::size_t kBytes = 4096;
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> byte(0, 255);
    std::vector<char> garbage(kBytes);
    for (int fd : {STDOUT_FILENO, STDERR_FILENO}) {
        for (char& c : garbage) c = static_cast<char>(byte(random));
        std::size_t written = 0;
        while (written < garbage.size()) {
            const ssize_t n = ::write(fd, garbage.data() + written, garbage.size() - written);
            if (n <= 0) break;  // a closed descriptor is the host's business, not a reason to fail
            written += static_cast<std::size_t>(n);
        }
    }
}

void report_bad_progress(const sdk::Task& task) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    task.progress(nan, 10, "steps", "not a number done");
    task.progress(-1, 10, "steps", "negative done");
    task.progress(20, 10, "steps", "done beyond total");
    task.progress(5, nan, "steps", "not a number total");
    task.progress(1, -10, "steps", "negative total");
    task.progress(std::numeric_limits<double>::infinity(), 10, "steps", "infinite done");
}

}  // namespace

void misbehave(const ChaosParameters& parameters, sdk::Task& task) {
    const double seconds = parameters.seconds;
    switch (parameters.mode) {
        case ChaosMode::succeed:
            return;
        case ChaosMode::fail:
            throw std::runtime_error(parameters.message);
        case ChaosMode::fail_permanently:
            throw sdk::PermanentFailure(parameters.message);
        case ChaosMode::crash:
            crash();
        case ChaosMode::abort:
            std::abort();
        case ChaosMode::hang:
            hang();
        case ChaosMode::ignore_cancel:
            run_for(task, seconds, false,
                    [&](double done) { task.progress(done, seconds, "seconds", "ignoring cancel"); });
            return;
        case ChaosMode::quiet:
            run_for(task, seconds, true, [](double) {});
            return;
        case ChaosMode::heartbeat:
            run_for(task, seconds, true, [&](double) { task.heartbeat(); });
            return;
        case ChaosMode::slow:
            run_for(task, seconds, true, [&](double done) { task.progress(done, seconds, "seconds", "slow"); });
            return;
        case ChaosMode::leak:
            leak(task);
            return;
        case ChaosMode::garbage_stdout:
            write_garbage();
            return;
        case ChaosMode::bad_progress:
            report_bad_progress(task);
            return;
    }
}

}  // namespace dms::plugins
