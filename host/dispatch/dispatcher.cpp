#include "dispatch/dispatcher.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include <spdlog/spdlog.h>

#include "dispatch/attempt_ending.hpp"
#include "metrics/task_metrics.hpp"
#include "util/thread_name.hpp"

namespace dms::dispatch {
task::Timestamp Dispatcher::lease_deadline(std::chrono::milliseconds lease) {
    return task::now() + std::chrono::duration_cast<std::chrono::microseconds>(lease);
}

Dispatcher::Dispatcher(store::TaskStore& store, const plugin::PluginRegistry& plugins, DispatcherOptions options)
    : store_(store),
      plugins_(plugins),
      options_(std::move(options)),
      retry_policy_(options_.retry_base, options_.retry_cap),
      finisher_(store) {
    // The registry copies every service's description per call; the names are all a lease needs.
    for (const plugin::ServiceInfo& service : plugins_.services()) service_names_.push_back(service.name);
}

Dispatcher::~Dispatcher() { stop(std::chrono::milliseconds(0)); }

void Dispatcher::start() {
    std::lock_guard lock(mutex_);
    if (started_) return;
    started_ = true;
    for (unsigned i = 0; i < std::max(1u, options_.workers); ++i) spawn_worker();
    monitor_ = std::thread([this] {
        util::name_this_thread("dms-monitor");
        monitor_loop();
    });
}

void Dispatcher::spawn_worker() {
    auto exited = std::make_shared<std::atomic<bool>>(false);
    std::string name = "dms-worker-" + std::to_string(workers_.size() + 1);
    workers_.push_back({std::thread([this, exited, name] {
                            util::name_this_thread(name);
                            worker_loop(exited);
                        }),
                        exited});
}

void Dispatcher::notify_work() {
    {
        std::lock_guard lock(mutex_);
        // Only the first news wakes a worker, and only an idle one: a busy worker reads work_pending_ before it
        // waits again. Every submission calls this; waking a worker for each would cost two futex calls and a
        // context switch each time, and find nothing new to lease.
        // While a lease runs, its end wakes the workers anyway.
        bool wake = !work_pending_ && !leasing_ && idle_workers_ > 0;
        work_pending_ = true;
        if (!wake) return;
    }
    work_cv_.notify_one();
}

void Dispatcher::cancel(const std::string& task_id) {
    // Waiting out any lease in flight: a task leased before the store recorded the cancel is then
    // registered here, and one leased after it cannot exist (the store cancelled it while queued).
    std::lock_guard lease_lock(lease_mutex_);
    std::shared_ptr<Attempt> attempt;
    bool unstarted = false;
    {
        std::lock_guard lock(mutex_);
        auto found = running_.find(task_id);
        if (found == running_.end()) return;
        attempt = found->second;
        unstarted = take_unstarted(attempt);
    }
    attempt->request_stop(StopReason::user_cancel, Attempt::Clock::now());
    // Leased ahead and still waiting for a worker: it ends now, with no plugin to wait for.
    if (unstarted) end_unstarted(attempt);
}

std::size_t Dispatcher::running_count() const {
    std::lock_guard lock(mutex_);
    return running_.size();
}

void Dispatcher::worker_loop(std::shared_ptr<std::atomic<bool>> exited) {
    for (;;) {
        std::shared_ptr<Attempt> attempt;
        std::size_t wanted = 0;
        std::size_t for_now = 0;  // workers that would start a task right now
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
                --ready_by_service_[attempt->task().service];
            }
            // Top the ready queue up before it runs dry, so workers never wait on a lease commit.
            std::size_t target = prefetch_target();
            for_now = idle_workers_ + (attempt ? 0 : 1);
            if (!leasing_ && work_pending_ && ready_.size() <= target / 2 && target + for_now > ready_.size()) {
                wanted = target + for_now - ready_.size();
                leasing_ = true;
                work_pending_ = false;
            }
        }
        if (wanted > 0) lease_into_ready(wanted, for_now);
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

void Dispatcher::record_run_time(const std::string& service, std::chrono::nanoseconds took) {
    std::vector<std::shared_ptr<Attempt>> excess;
    {
        std::lock_guard lock(mutex_);
        RunTimes& times = run_times_[service];
        ++times.samples;
        // A plain mean while warming up, then a moving average over about 16 runs. A slower run counts at once
        // (weight 1/2): leasing too far ahead holds tasks on this host that other workers or hosts could run.
        unsigned weight = std::min(times.samples, took > times.average ? 2u : 16u);
        times.average += (took - times.average) / weight;
        times.average = std::max(times.average, std::chrono::nanoseconds(1));
        excess = take_excess_ready(service);
    }
    if (!excess.empty()) {
        return_unstarted(excess, "Returned to its queue before it started: its service runs slower than this host "
                                 "had planned for");
    }
}

std::size_t Dispatcher::service_prefetch(std::string_view service) const {
    auto found = run_times_.find(service);
    if (found == run_times_.end() || found->second.samples < kWarmupRuns) return 0;
    auto per_horizon = static_cast<std::size_t>(std::max<unsigned>(1, options_.workers) *
                                                (std::chrono::nanoseconds(kPrefetchHorizon) / found->second.average));
    return std::min(per_horizon, kMaxPrefetch);
}

std::size_t Dispatcher::prefetch_target() const {
    // A batch as large as the fastest service allows; each service's own share is capped in lease_into_ready.
    std::size_t target = 0;
    for (const std::string& service : service_names_) target = std::max(target, service_prefetch(service));
    return target;
}

std::vector<std::shared_ptr<Attempt>> Dispatcher::take_excess_ready(const std::string& service) {
    std::size_t waiting = ready_by_service_[service];
    std::size_t allowed = service_prefetch(service) + idle_workers_;
    // Only well past the target, so that a noisy run time does not send tasks back and forth.
    if (waiting <= 2 * allowed + 1) return {};
    std::vector<std::shared_ptr<Attempt>> excess;
    for (auto it = ready_.end(); it != ready_.begin() && waiting > allowed;) {
        --it;
        if ((*it)->task().service != service) continue;
        excess.push_back(std::move(*it));
        it = ready_.erase(it);
        --waiting;
    }
    ready_by_service_[service] = waiting;
    return excess;
}

bool Dispatcher::take_unstarted(const std::shared_ptr<Attempt>& attempt) {
    auto found = std::find(ready_.begin(), ready_.end(), attempt);
    if (found == ready_.end()) return false;
    ready_.erase(found);
    --ready_by_service_[attempt->task().service];
    return true;
}

void Dispatcher::return_unstarted(const std::vector<std::shared_ptr<Attempt>>& attempts, const std::string& log) {
    std::vector<store::FinishRequest> requests;
    for (const auto& attempt : attempts) {
        requests.push_back({attempt->fence(), task::Event::requeue, nullptr, log, std::nullopt, false});
    }
    try {
        store_.finish_batch(requests);
    } catch (const std::exception& error) {
        // Their leases name this host and lapse unrenewed once released, so they return to the queue anyway.
        spdlog::error("dispatcher: cannot return {} unstarted tasks to their queues: {}", requests.size(), error.what());
    }
    for (const auto& attempt : attempts) release(attempt);
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

void Dispatcher::lease_into_ready(std::size_t wanted, std::size_t for_now) {
    std::vector<task::Task> tasks;
    {
        std::lock_guard lease_lock(lease_mutex_);
        store::LeaseRequest request{options_.host_id, lease_deadline(options_.lease), {}, {}};
        request.running_caps = options_.running_caps;
        request.max_wait = options_.max_wait;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                leasing_ = false;
                return;
            }
            for (auto& [service, slots] : free_slots()) {
                // Each service gets what its own run time justifies ahead, plus a task for each worker free now.
                std::size_t ahead = service_prefetch(service);
                std::size_t waiting = ready_by_service_[service];
                std::size_t share = (ahead > waiting ? ahead - waiting : 0) + for_now;
                request.services.push_back(service);
                request.most_per_service[service] = std::min(slots, share);
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
            ++ready_by_service_[attempt->task().service];
            ready_.push_back(std::move(attempt));
        }
        leasing_ = false;
        // A full batch suggests more is queued: let the next free worker look again.
        if (!tasks.empty() && tasks.size() == wanted) work_pending_ = true;
        // Nothing to hand out and no news meanwhile: waking the idle workers would only have them wait again.
        if (tasks.empty() && !work_pending_) return;
    }
    work_cv_.notify_all();
}

void Dispatcher::run_attempt(const std::shared_ptr<Attempt>& attempt) {
    // Stopped while it waited for this thread: the plugin need not start at all.
    if (attempt->cancelled()) return end_unstarted(attempt);
    const task::Task& task = attempt->task();
    plugin::RunRequest request{task.task_id, task.service, task.user_id, task.parameters, task.checkpoint,
                               task.attempts};
    attempt->mark_started();
    auto started = Attempt::Clock::now();
    plugin::RunOutcome outcome = plugins_.run(request, *attempt);
    auto took = Attempt::Clock::now() - started;
    record_run_time(task.service, took);
    throughput_.record();
    attempt->flush_progress();
    if (attempt->abandoned()) {
        --abandoned_;
        spdlog::info("task {}: plugin returned after the host had ended attempt {}", task.task_id, task.attempts);
        return;
    }
    AttemptEnding ending = decide_ending(outcome, attempt->stop_reason(), stop_detail(*attempt));
    retry_policy_.plan(ending, task, outcome.permanent, task::now());
    // The plugin's own result, even for a requeue: a transfer's bytes moved all the same.
    if (options_.metrics) options_.metrics->attempt_ended(task, ending.event, outcome.result, took);
    record_ending(attempt, std::move(ending));
}

void Dispatcher::end_unstarted(const std::shared_ptr<Attempt>& attempt) {
    plugin::RunOutcome not_run{plugin::RunOutcome::Kind::cancelled, {}, {}};
    AttemptEnding ending = decide_ending(not_run, attempt->stop_reason());
    if (options_.metrics) options_.metrics->attempt_ended(attempt->task(), ending.event, ending.result, {});
    record_ending(attempt, std::move(ending));
}

void Dispatcher::record_ending(const std::shared_ptr<Attempt>& attempt, AttemptEnding ending) {
    const task::Task& task = attempt->task();
    bool started = attempt->started_at().has_value();
    if (ending.not_before) wake_at(*ending.not_before);
    store::FinishRequest ending_request{attempt->fence(), ending.event,          std::move(ending.result),
                                        std::move(ending.log), ending.not_before, started};
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
            report(nullptr, store_.finish(ending_request));
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

void Dispatcher::abandon(const std::shared_ptr<Attempt>& attempt, AttemptEnding ending) {
    if (!attempt->mark_abandoned()) return;
    ++abandoned_;
    retry_policy_.plan(ending, attempt->task(), false, task::now());
    if (ending.not_before) wake_at(*ending.not_before);
    store::FinishRequest request{attempt->fence(), ending.event, std::move(ending.result), std::move(ending.log),
                                 ending.not_before, true};
    try {
        store_.finish(request);
    } catch (const std::exception& error) {
        spdlog::error("task {}: cannot end attempt: {}", attempt->task().task_id, error.what());
    }
    release(attempt);
    std::lock_guard lock(mutex_);
    if (!stopping_) spawn_worker();
}

void Dispatcher::wake_at(task::Timestamp due) {
    std::lock_guard lock(mutex_);
    wake_times_.insert(due);
    if (wake_times_.size() > kMaxWakeTimes) wake_times_.erase(std::prev(wake_times_.end()));
}

}  // namespace dms::dispatch
