// The dispatcher's upkeep (lease renewal, cancel grace) and its shutdown; split from dispatcher.cpp, which
// holds the workers' own path, to keep each file short.
#include "dispatch/dispatcher.hpp"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

namespace dms::dispatch {
namespace {

std::string seconds_text(std::chrono::milliseconds duration) {
    return fmt::format("{:g}s", std::chrono::duration<double>(duration).count());
}

}  // namespace

void Dispatcher::monitor_loop() {
    const auto tick = std::chrono::milliseconds(100);
    auto renew_every = options_.lease / 3;
    auto last_renewal = Attempt::Clock::now();
    auto last_cancel_check = last_renewal;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (monitor_cv_.wait_for(lock, tick, [this] { return stopping_; })) break;
        bool due = !wake_times_.empty() && *wake_times_.begin() <= task::now();
        if (due) wake_times_.erase(wake_times_.begin(), wake_times_.upper_bound(task::now()));
        lock.unlock();
        // A retry or a scheduled task is due: wake a worker rather than wait for its idle poll.
        if (due) notify_work();
        stop_overrunning();
        end_overdue_cancels();
        if (Attempt::Clock::now() - last_renewal >= renew_every) {
            renew_leases();
            last_renewal = Attempt::Clock::now();
        }
        if (Attempt::Clock::now() - last_cancel_check >= kCancelCheckInterval) {
            pick_up_cancels_from_other_hosts();
            last_cancel_check = Attempt::Clock::now();
        }
        lock.lock();
    }
}

void Dispatcher::renew_leases() {
    for (const auto& attempt : running_attempts()) {
        try {
            if (store_.renew_lease(attempt->fence(), lease_deadline(options_.lease))) continue;
            // The task was deleted, or ended by someone else: this attempt no longer owns it.
            spdlog::warn("task {}: attempt {} lost its lease; stopping its plugin", attempt->task().task_id,
                         attempt->task().attempts);
            attempt->request_stop(StopReason::lease_lost, Attempt::Clock::now());
            bool unstarted = false;
            {
                std::lock_guard lock(mutex_);
                unstarted = take_unstarted(attempt);
            }
            if (unstarted) end_unstarted(attempt);
        } catch (const std::exception& error) {
            spdlog::error("task {}: cannot renew lease: {}", attempt->task().task_id, error.what());
        }
    }
}

void Dispatcher::pick_up_cancels_from_other_hosts() {
    std::vector<std::string> task_ids;
    for (const auto& attempt : running_attempts()) {
        if (!attempt->cancelled()) task_ids.push_back(attempt->task().task_id);
    }
    if (task_ids.empty()) return;
    try {
        for (const auto& task_id : store_.cancel_requested_among(task_ids)) {
            spdlog::info("task {}: cancel requested in the store; asking its plugin to stop", task_id);
            cancel(task_id);
        }
    } catch (const std::exception& error) {
        spdlog::warn("cannot check running tasks for cancels made elsewhere: {}", error.what());
    }
}

void Dispatcher::end_overdue_cancels() {
    auto now = Attempt::Clock::now();
    for (const auto& attempt : running_attempts()) {
        auto asked = attempt->stop_requested_at();
        if (!asked || now - *asked < options_.cancel_grace) continue;
        std::string grace = seconds_text(options_.cancel_grace);
        switch (attempt->stop_reason()) {
            case StopReason::user_cancel: {
                std::string log = "Cancelled: plugin did not stop within " + grace + "; task ended anyway";
                abandon(attempt, {task::Event::cancel, {{"error", log}}, log, std::nullopt});
                break;
            }
            case StopReason::lease_lost:
                abandon(attempt, {task::Event::requeue, nullptr, "Attempt abandoned after its lease was lost",
                                  std::nullopt});
                break;
            case StopReason::timeout:
            case StopReason::stalled: {
                AttemptEnding ending = decide_ending({}, attempt->stop_reason(), stop_detail(*attempt));
                ending.log += "; plugin did not stop within " + grace + ", attempt ended anyway";
                abandon(attempt, std::move(ending));
                break;
            }
            default:
                break;
        }
    }
}

void Dispatcher::stop_overrunning() {
    auto now = Attempt::Clock::now();
    for (const auto& attempt : running_attempts()) {
        auto started = attempt->started_at();
        if (!started || attempt->cancelled()) continue;
        const task::Task& task = attempt->task();
        auto limits = options_.attempt_limits.find(task.service);
        AttemptLimits service = limits == options_.attempt_limits.end() ? AttemptLimits{} : limits->second;
        std::chrono::milliseconds timeout = attempt_timeout(task, service.timeout);
        if (timeout.count() > 0 && now - *started >= timeout) {
            attempt->request_stop(StopReason::timeout, now);
            attempt->log(plugin::LogLevel::warn, "Attempt timed out after " + seconds_text(timeout) +
                                                     "; asking the plugin to stop");
        } else if (service.stall.count() > 0 && now - attempt->last_activity() >= service.stall) {
            attempt->request_stop(StopReason::stalled, now);
            attempt->log(plugin::LogLevel::warn, "Attempt stalled: no progress or heartbeat for " +
                                                     seconds_text(service.stall) + "; asking the plugin to stop");
            spdlog::warn("task {}: attempt {} stalled", task.task_id, task.attempts);
        }
    }
}

std::string Dispatcher::stop_detail(const Attempt& attempt) const {
    const task::Task& task = attempt.task();
    auto limits = options_.attempt_limits.find(task.service);
    AttemptLimits service = limits == options_.attempt_limits.end() ? AttemptLimits{} : limits->second;
    if (attempt.stop_reason() == StopReason::timeout) return timeout_detail(attempt_timeout(task, service.timeout));
    if (attempt.stop_reason() == StopReason::stalled) {
        return "no progress or heartbeat for " + seconds_text(service.stall);
    }
    return {};
}

void Dispatcher::requeue_unstarted() {
    std::deque<std::shared_ptr<Attempt>> unstarted;
    {
        // No lease is in flight once this is held, and none starts after: stopping_ is set.
        std::lock_guard lease_lock(lease_mutex_);
        std::lock_guard lock(mutex_);
        unstarted.swap(ready_);
        ready_by_service_.clear();
    }
    return_unstarted({unstarted.begin(), unstarted.end()},
                     "Host shutting down before the task started; returned to its queue");
}

std::size_t Dispatcher::stop(std::chrono::milliseconds grace) {
    {
        std::unique_lock lock(mutex_);
        if (!started_ || stopping_) return 0;
        stopping_ = true;
    }
    work_cv_.notify_all();
    monitor_cv_.notify_all();
    changed_cv_.notify_all();
    if (monitor_.joinable()) monitor_.join();
    requeue_unstarted();

    std::unique_lock lock(mutex_);
    changed_cv_.wait_for(lock, grace, [&] { return running_.empty(); });
    lock.unlock();
    for (const auto& attempt : running_attempts()) attempt->request_stop(StopReason::shutdown, Attempt::Clock::now());
    lock.lock();
    changed_cv_.wait_for(lock, std::min(options_.cancel_grace, std::chrono::milliseconds(5000)),
                         [&] { return running_.empty(); });
    lock.unlock();
    for (const auto& attempt : running_attempts()) {
        abandon(attempt, {task::Event::requeue, nullptr,
                          "Host shut down before the plugin stopped; returned to its queue", std::nullopt});
    }

    // Idle workers leave at once; one still inside a plugin that ignores every request is left behind.
    lock.lock();
    changed_cv_.wait_for(lock, std::chrono::milliseconds(1000), [&] {
        return std::all_of(workers_.begin(), workers_.end(), [](const Worker& w) { return w.exited->load(); });
    });
    std::vector<Worker> workers = std::move(workers_);
    lock.unlock();
    std::size_t stuck = 0;
    for (Worker& worker : workers) {
        if (worker.exited->load()) {
            worker.thread.join();
        } else {
            worker.thread.detach();
            ++stuck;
        }
    }
    if (stuck > 0) spdlog::warn("dispatcher: {} plugin call(s) never returned; their threads are left behind", stuck);
    finisher_.stop();
    return stuck;
}

}  // namespace dms::dispatch
