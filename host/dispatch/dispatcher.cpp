#include "dispatch/dispatcher.hpp"

#include <algorithm>
#include <cstdint>

#include <spdlog/spdlog.h>

#include "dispatch/attempt_ending.hpp"
#include "metrics/task_metrics.hpp"

namespace dms::dispatch {
task::Timestamp Dispatcher::lease_deadline(std::chrono::milliseconds lease) {
    return task::now() + std::chrono::duration_cast<std::chrono::microseconds>(lease);
}

Dispatcher::Dispatcher(store::TaskStore& store, const plugin::PluginRegistry& plugins, DispatcherOptions options)
    : store_(store), plugins_(plugins), options_(std::move(options)), finisher_(store) {
    // The registry copies every service's description per call; the names are all a lease needs.
    for (const plugin::ServiceInfo& service : plugins_.services()) service_names_.push_back(service.name);
}

Dispatcher::~Dispatcher() { stop(std::chrono::milliseconds(0)); }

void Dispatcher::start() {
    std::lock_guard lock(mutex_);
    if (started_) return;
    started_ = true;
    for (unsigned i = 0; i < std::max(1u, options_.workers); ++i) spawn_worker();
    monitor_ = std::thread([this] { monitor_loop(); });
}

void Dispatcher::spawn_worker() {
    auto exited = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back({std::thread([this, exited] { worker_loop(exited); }), exited});
}

void Dispatcher::notify_work() {
    {
        std::lock_guard lock(mutex_);
        work_pending_ = true;
    }
    work_cv_.notify_one();
}

void Dispatcher::cancel(const std::string& task_id) {
    // Waiting out any lease in flight: a task leased before the store recorded the cancel is then
    // registered here, and one leased after it cannot exist (the store cancelled it while queued).
    std::lock_guard lease_lock(lease_mutex_);
    std::shared_ptr<Attempt> attempt;
    {
        std::lock_guard lock(mutex_);
        auto found = running_.find(task_id);
        if (found != running_.end()) attempt = found->second;
    }
    if (attempt) attempt->request_stop(StopReason::user_cancel, Attempt::Clock::now());
}

std::size_t Dispatcher::running_count() const {
    std::lock_guard lock(mutex_);
    return running_.size();
}

void Dispatcher::worker_loop(std::shared_ptr<std::atomic<bool>> exited) {
    for (;;) {
        std::shared_ptr<Attempt> attempt;
        std::size_t wanted = 0;
        {
            std::unique_lock lock(mutex_);
            ++idle_workers_;
            bool woken = work_cv_.wait_for(lock, options_.idle_poll, [&] {
                return stopping_ || !ready_.empty() || (work_pending_ && !leasing_);
            });
            --idle_workers_;
            if (stopping_) break;
            if (!woken) work_pending_ = true;  // the periodic look, in case a wake-up was missed
            if (!ready_.empty()) {
                attempt = std::move(ready_.front());
                ready_.pop_front();
            }
            // Top the ready queue up before it runs dry, so workers never wait on a lease commit.
            std::size_t target = prefetch_target();
            if (!leasing_ && work_pending_ && ready_.size() <= target / 2) {
                wanted = target + idle_workers_ + (attempt ? 0 : 1) - ready_.size();
                leasing_ = wanted > 0;
                work_pending_ = false;
            }
        }
        if (wanted > 0) lease_into_ready(wanted);
        if (!attempt) continue;
        run_attempt(attempt);
        // A replacement took this thread's place when the host gave up waiting on its plugin.
        if (attempt->abandoned()) break;
    }
    {
        std::lock_guard lock(mutex_);
        exited->store(true);
    }
    changed_cv_.notify_all();
}

void Dispatcher::record_run_time(std::chrono::nanoseconds took) {
    std::lock_guard lock(mutex_);
    // An exponential moving average over about the last 16 runs: it follows a change of workload within a batch.
    average_run_ = average_run_.count() == 0 ? took : average_run_ + (took - average_run_) / 16;
    if (average_run_.count() == 0) average_run_ = std::chrono::nanoseconds(1);
}

std::size_t Dispatcher::prefetch_target() const {
    if (average_run_.count() <= 0) return 0;
    auto per_horizon = static_cast<std::size_t>(std::max<unsigned>(1, options_.workers) *
                                                (std::chrono::nanoseconds(kPrefetchHorizon) / average_run_));
    return std::min(per_horizon, kMaxPrefetch);
}

std::map<std::string, std::size_t, std::less<>> Dispatcher::free_slots() const {
    std::map<std::string, std::size_t, std::less<>> slots;
    for (const std::string& service : service_names_) {
        auto limit = options_.service_limits.find(service);
        auto running = running_by_service_.find(service);
        std::size_t now_running = running == running_by_service_.end() ? 0 : running->second;
        if (limit == options_.service_limits.end()) {
            slots[service] = SIZE_MAX;
        } else if (now_running < limit->second) {
            slots[service] = limit->second - now_running;
        }
    }
    return slots;
}

void Dispatcher::lease_into_ready(std::size_t wanted) {
    std::vector<task::Task> tasks;
    {
        std::lock_guard lease_lock(lease_mutex_);
        store::LeaseRequest request{options_.host_id, lease_deadline(options_.lease), {}, {}};
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                leasing_ = false;
                return;
            }
            for (auto& [service, slots] : free_slots()) {
                request.services.push_back(service);
                if (slots != SIZE_MAX) request.most_per_service[service] = slots;
            }
        }
        try {
            if (!request.services.empty()) {
                tasks = store_.lease_batch(request, wanted, "Started on host " + options_.host_id);
            }
        } catch (const std::exception& error) {
            spdlog::error("dispatcher: cannot lease tasks: {}", error.what());
        }
        std::lock_guard lock(mutex_);
        for (task::Task& task : tasks) {
            auto attempt = std::make_shared<Attempt>(store_, std::move(task), options_.progress_interval);
            running_[attempt->task().task_id] = attempt;
            ++running_by_service_[attempt->task().service];
            ready_.push_back(std::move(attempt));
        }
        leasing_ = false;
        // A full batch suggests more is queued: let the next free worker look again.
        if (!tasks.empty() && tasks.size() == wanted) work_pending_ = true;
    }
    work_cv_.notify_all();
}

void Dispatcher::run_attempt(const std::shared_ptr<Attempt>& attempt) {
    const task::Task& task = attempt->task();
    plugin::RunRequest request{task.task_id, task.service, task.user_id, task.parameters, task.checkpoint,
                               task.attempts};
    // Cancelled while it waited for this thread: the plugin need not start at all.
    auto started = Attempt::Clock::now();
    plugin::RunOutcome outcome = attempt->cancelled() ? plugin::RunOutcome{plugin::RunOutcome::Kind::cancelled, {}, {}}
                                                      : plugins_.run(request, *attempt);
    auto took = Attempt::Clock::now() - started;
    record_run_time(took);
    attempt->flush_progress();
    if (attempt->abandoned()) {
        --abandoned_;
        spdlog::info("task {}: plugin returned after the host had ended attempt {}", task.task_id, task.attempts);
        return;
    }
    AttemptEnding ending = decide_ending(outcome, attempt->stop_reason());
    if (options_.metrics) options_.metrics->attempt_ended(task, ending.event, outcome.result, took);
    store::FinishRequest ending_request{attempt->fence(), ending.event, std::move(ending.result), std::move(ending.log)};
    auto report = [id = task.task_id, number = task.attempts](std::exception_ptr error, const store::ChangeResult& change) {
        if (error) {
            spdlog::error("task {}: cannot record the end of attempt {}; its lease will expire and requeue it", id,
                          number);
        } else if (change.change != store::Change::applied) {
            spdlog::info("task {}: attempt {} ended after it was taken away; its ending was not recorded", id, number);
        }
    };
    try {
        // The worker goes on to its next task while this ending shares a commit with others.
        finisher_.enqueue(ending_request, report);
    } catch (const std::runtime_error&) {
        // Stopping: the committer takes no more, so this ending commits on its own.
        try {
            report(nullptr, store_.finish(ending_request.fence, ending_request.event, ending_request.result, ending_request.log));
        } catch (...) {
            report(std::current_exception(), {});
        }
    }
    release(attempt);
}

void Dispatcher::release(const std::shared_ptr<Attempt>& attempt) {
    {
        std::lock_guard lock(mutex_);
        auto found = running_.find(attempt->task().task_id);
        if (found == running_.end() || found->second != attempt) return;
        running_.erase(found);
        auto service = running_by_service_.find(attempt->task().service);
        if (service != running_by_service_.end() && service->second > 0) --service->second;
        work_pending_ = true;
    }
    work_cv_.notify_one();
    changed_cv_.notify_all();
}

std::vector<std::shared_ptr<Attempt>> Dispatcher::running_attempts() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Attempt>> attempts;
    for (const auto& [id, attempt] : running_) attempts.push_back(attempt);
    return attempts;
}

void Dispatcher::abandon(const std::shared_ptr<Attempt>& attempt, task::Event event, const std::string& log) {
    if (!attempt->mark_abandoned()) return;
    ++abandoned_;
    nlohmann::json result = nullptr;
    if (event == task::Event::cancel) result = {{"error", log}};
    try {
        store_.finish(attempt->fence(), event, result, log);
    } catch (const std::exception& error) {
        spdlog::error("task {}: cannot end attempt: {}", attempt->task().task_id, error.what());
    }
    release(attempt);
    std::lock_guard lock(mutex_);
    if (!stopping_) spawn_worker();
}

}  // namespace dms::dispatch
