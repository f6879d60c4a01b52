// The dispatcher's upkeep (lease renewal, cancel grace) and its shutdown; split from dispatcher.cpp, which
// holds the workers' own path, to keep each file short.
#include "dispatch/dispatcher.hpp"

#include <algorithm>

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
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        changed_cv_.wait_for(lock, tick);
        if (stopping_) break;
        lock.unlock();
        end_overdue_cancels();
        if (Attempt::Clock::now() - last_renewal >= renew_every) {
            renew_leases();
            last_renewal = Attempt::Clock::now();
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
        } catch (const std::exception& error) {
            spdlog::error("task {}: cannot renew lease: {}", attempt->task().task_id, error.what());
        }
    }
}

void Dispatcher::end_overdue_cancels() {
    auto now = Attempt::Clock::now();
    for (const auto& attempt : running_attempts()) {
        auto asked = attempt->stop_requested_at();
        if (!asked || now - *asked < options_.cancel_grace) continue;
        if (attempt->stop_reason() == StopReason::user_cancel) {
            abandon(attempt, task::Event::cancel,
                    "Cancelled: plugin did not stop within " + seconds_text(options_.cancel_grace) + "; task ended anyway");
        } else if (attempt->stop_reason() == StopReason::lease_lost) {
            abandon(attempt, task::Event::requeue, "Attempt abandoned after its lease was lost");
        }
    }
}

void Dispatcher::requeue_unstarted() {
    std::deque<std::shared_ptr<Attempt>> unstarted;
    {
        // No lease is in flight once this is held, and none starts after: stopping_ is set.
        std::lock_guard lease_lock(lease_mutex_);
        std::lock_guard lock(mutex_);
        unstarted.swap(ready_);
    }
    std::vector<store::FinishRequest> requests;
    for (const auto& attempt : unstarted) {
        requests.push_back({attempt->fence(), task::Event::requeue, nullptr,
                            "Host shutting down before the task started; returned to its queue"});
    }
    try {
        store_.finish_batch(requests);
    } catch (const std::exception& error) {
        // Their leases name this host, so the next start puts them back.
        spdlog::error("dispatcher: cannot requeue {} unstarted tasks: {}", requests.size(), error.what());
    }
    for (const auto& attempt : unstarted) release(attempt);
}

std::size_t Dispatcher::stop(std::chrono::milliseconds grace) {
    {
        std::unique_lock lock(mutex_);
        if (!started_ || stopping_) return 0;
        stopping_ = true;
    }
    work_cv_.notify_all();
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
        abandon(attempt, task::Event::requeue, "Host shut down before the plugin stopped; returned to its queue");
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
