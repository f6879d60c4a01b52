#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "plugin/run_context.hpp"
#include "store/task_store.hpp"

namespace dms::dispatch {

// Why the host wants a running attempt to stop.
enum class StopReason { none, user_cancel, shutdown, lease_lost, timeout, stalled };

// One running attempt of one task on this host: the RunContext its plugin talks to. Every write it
// makes to the store carries the attempt's fence, so nothing lands once the attempt was taken away.
class Attempt : public plugin::RunContext {
public:
    using Clock = std::chrono::steady_clock;

    Attempt(store::TaskStore& store, task::Task task, std::chrono::milliseconds progress_interval);

    const task::Task& task() const { return task_; }
    store::Fence fence() const { return {task_.task_id, task_.attempts}; }

    void log(plugin::LogLevel level, std::string_view message) override;
    void progress(const task::Progress& progress) override;
    bool cancelled() const override { return stop_reason_.load() != StopReason::none; }
    void checkpoint(std::string_view cursor) override;
    void heartbeat() override;

    // Called as the plugin starts: the run's clock (timeout, stall) starts here, not at the lease.
    void mark_started();
    std::optional<Clock::time_point> started_at() const;
    // The last sign of life: the start, a progress report or a heartbeat.
    Clock::time_point last_activity() const { return Clock::time_point(Clock::duration(last_activity_.load())); }

    // Asks the plugin to stop; the first reason given is the one that counts.
    void request_stop(StopReason reason, Clock::time_point when);
    StopReason stop_reason() const { return stop_reason_.load(); }
    std::optional<Clock::time_point> stop_requested_at() const;

    // Writes the last coalesced progress report, if one is pending.
    void flush_progress();

    // Set once the host ended the task without waiting for the plugin (cancel grace ran out, or
    // shutdown); the plugin's own ending is then ignored.
    bool mark_abandoned() { return !abandoned_.exchange(true); }
    bool abandoned() const { return abandoned_.load(); }

private:
    store::TaskStore& store_;
    task::Task task_;
    std::chrono::milliseconds progress_interval_;
    std::atomic<StopReason> stop_reason_{StopReason::none};
    std::atomic<bool> abandoned_{false};
    std::atomic<Clock::rep> last_activity_{0};

    mutable std::mutex mutex_;
    std::optional<Clock::time_point> stop_requested_at_;
    std::optional<Clock::time_point> started_at_;
    std::optional<task::Progress> pending_progress_;
    Clock::time_point last_progress_write_{};
};

}  // namespace dms::dispatch
