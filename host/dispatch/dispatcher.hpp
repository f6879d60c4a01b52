#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dispatch/attempt.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/finish_committer.hpp"
#include "store/task_store.hpp"

namespace dms::metrics {
class TaskMetrics;
}

namespace dms::dispatch {

struct DispatcherOptions {
    std::string host_id;
    unsigned workers = 1;
    std::map<std::string, unsigned> service_limits;  // most running at once per service; absent: no limit
    std::chrono::milliseconds lease{30000};
    std::chrono::milliseconds cancel_grace{10000};
    std::chrono::milliseconds progress_interval{250};
    std::chrono::milliseconds idle_poll{1000};  // an idle worker looks for work this often, even unwoken
    metrics::TaskMetrics* metrics = nullptr;    // when set, told how each attempt ended (outlives the dispatcher)
};

// Runs queued tasks in their plugins on a pool of worker threads, separate from the HTTP threads.
// Workers lease queued tasks (priority, then FIFO) among services with a free slot, in batches sized to what the
// workers finish within a short horizon: one task each for slow plugins, up to kMaxPrefetch for fast ones, so a
// lease commit is shared by many tasks. A monitor thread renews the leases of running and prefetched attempts and
// ends cancelled ones whose plugin overstays the grace.
class Dispatcher {
public:
    static constexpr std::size_t kMaxPrefetch = 1024;
    static constexpr std::chrono::milliseconds kPrefetchHorizon{20};

    Dispatcher(store::TaskStore& store, const plugin::PluginRegistry& plugins, DispatcherOptions options);
    ~Dispatcher();

    void start();

    // Something was queued: wake a worker now rather than at its next poll.
    void notify_work();

    // A user cancelled this task; if it runs here, its plugin is asked to stop.
    void cancel(const std::string& task_id);

    // Stops taking tasks, gives running ones `grace` to finish, asks the rest to stop and puts them
    // back in their queues. Returns how many plugins still had not returned (their threads are left).
    std::size_t stop(std::chrono::milliseconds grace);

    std::size_t running_count() const;

    // Plugin calls the host stopped waiting for (cancel grace ran out) that have not returned yet.
    std::size_t abandoned_count() const { return abandoned_.load(); }

private:
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> exited;
    };

    static task::Timestamp lease_deadline(std::chrono::milliseconds lease);
    void spawn_worker();
    void worker_loop(std::shared_ptr<std::atomic<bool>> exited);
    void record_run_time(std::chrono::nanoseconds took);
    std::size_t prefetch_target() const;  // with mutex_ held
    void lease_into_ready(std::size_t wanted);
    void requeue_unstarted();
    void run_attempt(const std::shared_ptr<Attempt>& attempt);
    void release(const std::shared_ptr<Attempt>& attempt);
    std::map<std::string, std::size_t, std::less<>> free_slots() const;  // services with room; SIZE_MAX: no limit
    void monitor_loop();
    void renew_leases();
    void end_overdue_cancels();
    void abandon(const std::shared_ptr<Attempt>& attempt, task::Event event, const std::string& log);
    std::vector<std::shared_ptr<Attempt>> running_attempts() const;

    store::TaskStore& store_;
    const plugin::PluginRegistry& plugins_;
    DispatcherOptions options_;
    std::vector<std::string> service_names_;

    mutable std::mutex mutex_;
    std::condition_variable work_cv_;     // workers wait here for work
    std::condition_variable changed_cv_;  // stop() and the monitor wait here for attempts to end
    bool started_ = false;
    bool stopping_ = false;
    bool work_pending_ = true;
    std::map<std::string, std::shared_ptr<Attempt>> running_;  // by task id, leased here and not yet ended
    std::deque<std::shared_ptr<Attempt>> ready_;               // leased in a batch, waiting for a worker
    unsigned idle_workers_ = 0;
    bool leasing_ = false;                   // a worker is leasing a batch into ready_ now
    std::chrono::nanoseconds average_run_{};  // moving average of plugin run time; zero until the first run
    std::map<std::string, unsigned, std::less<>> running_by_service_;
    std::vector<Worker> workers_;
    std::thread monitor_;

    std::mutex lease_mutex_;  // one lease at a time, so per-service limits hold and cancel can wait one out
    std::atomic<std::size_t> abandoned_{0};
    store::FinishCommitter finisher_;  // endings of attempts, group-committed
};

}  // namespace dms::dispatch
