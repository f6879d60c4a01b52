#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dispatch/attempt.hpp"
#include "dispatch/attempt_ending.hpp"
#include "dispatch/retry_policy.hpp"
#include "dispatch/throughput_meter.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/finish_committer.hpp"
#include "store/task_store.hpp"

namespace dms::metrics {
class TaskMetrics;
}

namespace dms::dispatch {

// A service's limits on one attempt; zero: none.
struct AttemptLimits {
    std::chrono::milliseconds timeout{0};  // longest run, unless the task sets its own
    std::chrono::milliseconds stall{0};    // longest time without progress or a heartbeat
};

struct DispatcherOptions {
    std::string host_id;
    unsigned workers = 1;
    std::map<std::string, unsigned> service_limits;  // most running at once per service; absent: no limit
    std::chrono::milliseconds lease{30000};
    std::chrono::milliseconds cancel_grace{10000};
    std::chrono::milliseconds progress_interval{250};
    std::chrono::milliseconds idle_poll{1000};  // an idle worker looks for work this often, even unwoken
    metrics::TaskMetrics* metrics = nullptr;    // when set, told how each attempt ended (outlives the dispatcher)
    std::map<std::string, AttemptLimits, std::less<>> attempt_limits{};  // by service; absent: none
    std::chrono::milliseconds retry_base{1000};
    std::chrono::milliseconds retry_cap{300000};
    // By service: caps on running tasks over every host, checked by the store with each lease; absent: none.
    std::map<std::string, store::RunningCaps, std::less<>> running_caps{};
    // Bounded wait by priority, passed to the store with each lease; absent: none.
    std::map<task::Priority, std::chrono::microseconds> max_wait{};
};

// Runs queued tasks in their plugins on a pool of worker threads, separate from the HTTP threads.
// Workers lease queued tasks (priority, then FIFO) among services with a free slot, in batches sized to what the
// workers finish within a short horizon: one task each for slow plugins, up to kMaxPrefetch for fast ones, so a
// lease commit is shared by many tasks. A monitor thread renews the leases of running and prefetched attempts and
// ends cancelled ones whose plugin overstays the grace; it also stops attempts that run past their timeout or go
// quiet past their service's stall time. A failed attempt with retries left waits as retrying (RetryPolicy).
class Dispatcher {
public:
    static constexpr std::size_t kMaxPrefetch = 1024;
    static constexpr std::chrono::milliseconds kPrefetchHorizon{20};
    static constexpr unsigned kWarmupRuns = 8;  // runs of a service seen before any of its tasks is leased ahead
    static constexpr std::size_t kMaxWakeTimes = 4096;

    Dispatcher(store::TaskStore& store, const plugin::PluginRegistry& plugins, DispatcherOptions options);
    ~Dispatcher();

    void start();

    // Something was queued: wake a worker now rather than at its next poll.
    void notify_work();

    // A task becomes due at `due` (a retry, a scheduled task): wake a worker then rather than at its next poll.
    void wake_at(task::Timestamp due);

    // A user cancelled this task; if it runs here, its plugin is asked to stop.
    void cancel(const std::string& task_id);

    // Stops taking tasks, gives running ones `grace` to finish, asks the rest to stop and puts them
    // back in their queues. Returns how many plugins still had not returned (their threads are left).
    std::size_t stop(std::chrono::milliseconds grace);

    std::size_t running_count() const;

    // Plugin calls the host stopped waiting for (cancel grace ran out) that have not returned yet.
    std::size_t abandoned_count() const { return abandoned_.load(); }

    // How fast this host's attempts end: for the estimated start of a queued task.
    const ThroughputMeter& throughput() const { return throughput_; }

private:
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> exited;
    };

    // How long a service's plugin runs, as a moving average.
    struct RunTimes {
        std::chrono::nanoseconds average{};
        unsigned samples = 0;
    };

    static task::Timestamp lease_deadline(std::chrono::milliseconds lease);
    void spawn_worker();
    void worker_loop(std::shared_ptr<std::atomic<bool>> exited);
    void record_run_time(const std::string& service, std::chrono::nanoseconds took);
    std::size_t service_prefetch(std::string_view service) const;  // with mutex_ held
    std::size_t prefetch_target() const;                            // with mutex_ held
    std::vector<std::shared_ptr<Attempt>> take_excess_ready(const std::string& service);  // with mutex_ held
    bool take_unstarted(const std::shared_ptr<Attempt>& attempt);  // with mutex_ held
    void return_unstarted(const std::vector<std::shared_ptr<Attempt>>& attempts, const std::string& log);
    void lease_into_ready(std::size_t wanted, std::size_t for_now);
    void requeue_unstarted();
    void run_attempt(const std::shared_ptr<Attempt>& attempt);
    void end_unstarted(const std::shared_ptr<Attempt>& attempt);
    void record_ending(const std::shared_ptr<Attempt>& attempt, AttemptEnding ending);
    void release(const std::shared_ptr<Attempt>& attempt);
    std::map<std::string, std::size_t, std::less<>> free_slots() const;  // services with room; SIZE_MAX: no limit
    void monitor_loop();
    void renew_leases();
    // Cancels requested through another host that shares the store reach this one only through the store.
    void pick_up_cancels_from_other_hosts();
    static constexpr std::chrono::milliseconds kCancelCheckInterval{500};
    void end_overdue_cancels();
    void stop_overrunning();  // timeouts and stalls
    std::string stop_detail(const Attempt& attempt) const;
    void abandon(const std::shared_ptr<Attempt>& attempt, AttemptEnding ending);
    std::vector<std::shared_ptr<Attempt>> running_attempts() const;

    store::TaskStore& store_;
    const plugin::PluginRegistry& plugins_;
    DispatcherOptions options_;
    std::vector<std::string> service_names_;

    mutable std::mutex mutex_;
    std::condition_variable work_cv_;     // workers wait here for work
    std::condition_variable changed_cv_;  // stop() waits here for attempts to end
    // The monitor's ticks; told only of stop(). Not changed_cv_: every attempt's end would wake it, and it would scan
    // every running attempt as many times a second as tasks end (8% of the host's time in a no-op drain).
    std::condition_variable monitor_cv_;
    bool started_ = false;
    bool stopping_ = false;
    bool work_pending_ = true;
    std::map<std::string, std::shared_ptr<Attempt>> running_;  // by task id, leased here and not yet ended
    std::deque<std::shared_ptr<Attempt>> ready_;               // leased in a batch, waiting for a worker
    unsigned idle_workers_ = 0;
    bool leasing_ = false;                   // a worker is leasing a batch into ready_ now
    std::map<std::string, RunTimes, std::less<>> run_times_;     // by service
    std::map<std::string, unsigned, std::less<>> running_by_service_;  // leased here: running or in ready_
    std::map<std::string, std::size_t, std::less<>> ready_by_service_;
    std::vector<Worker> workers_;
    std::thread monitor_;

    std::mutex lease_mutex_;  // one lease at a time, so per-service limits hold and cancel can wait one out
    std::atomic<std::size_t> abandoned_{0};
    RetryPolicy retry_policy_;
    // With mutex_ held: due times this host knows of, earliest first; past kMaxWakeTimes the latest are dropped and
    // those tasks wait for a worker's idle poll instead.
    std::set<task::Timestamp> wake_times_;
    store::FinishCommitter finisher_;  // endings of attempts, group-committed
    ThroughputMeter throughput_;
};

}  // namespace dms::dispatch
