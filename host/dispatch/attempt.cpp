#include "dispatch/attempt.hpp"

#include <spdlog/spdlog.h>

namespace dms::dispatch {
namespace {

std::string_view level_prefix(plugin::LogLevel level) {
    switch (level) {
        case plugin::LogLevel::debug: return "DEBUG: ";
        case plugin::LogLevel::info: return "";
        case plugin::LogLevel::warn: return "WARNING: ";
        case plugin::LogLevel::error: return "ERROR: ";
    }
    return "";
}

}  // namespace

Attempt::Attempt(store::TaskStore& store, task::Task task, std::chrono::milliseconds progress_interval)
    : store_(store), task_(std::move(task)), progress_interval_(progress_interval) {}

void Attempt::log(plugin::LogLevel level, std::string_view message) {
    std::string line(level_prefix(level));
    line += message;
    if (!store_.append_log(fence(), line)) {
        spdlog::debug("task {}: log line from a superseded attempt {} dropped", task_.task_id, task_.attempts);
    }
}

void Attempt::heartbeat() { last_activity_.store(Clock::now().time_since_epoch().count()); }

void Attempt::mark_started() {
    auto now = Clock::now();
    last_activity_.store(now.time_since_epoch().count());
    std::lock_guard lock(mutex_);
    started_at_ = now;
}

std::optional<Attempt::Clock::time_point> Attempt::started_at() const {
    std::lock_guard lock(mutex_);
    return started_at_;
}

void Attempt::progress(const task::Progress& progress) {
    heartbeat();
    std::unique_lock lock(mutex_);
    pending_progress_ = progress;
    // Plugins may report thousands of times a second; the store sees at most one write per interval.
    if (Clock::now() - last_progress_write_ < progress_interval_) return;
    lock.unlock();
    flush_progress();
}

void Attempt::flush_progress() {
    std::optional<task::Progress> report;
    {
        std::lock_guard lock(mutex_);
        report.swap(pending_progress_);
        if (report) last_progress_write_ = Clock::now();
    }
    if (report) store_.update_progress(fence(), *report);
}

void Attempt::checkpoint(std::string_view cursor) {
    if (!store_.save_checkpoint(fence(), cursor)) {
        spdlog::debug("task {}: checkpoint from a superseded attempt {} dropped", task_.task_id, task_.attempts);
    }
}

void Attempt::request_stop(StopReason reason, Clock::time_point when) {
    StopReason expected = StopReason::none;
    if (!stop_reason_.compare_exchange_strong(expected, reason)) return;
    std::lock_guard lock(mutex_);
    stop_requested_at_ = when;
}

std::optional<Attempt::Clock::time_point> Attempt::stop_requested_at() const {
    std::lock_guard lock(mutex_);
    return stop_requested_at_;
}

}  // namespace dms::dispatch
