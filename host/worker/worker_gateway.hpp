#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dispatch/retry_policy.hpp"
#include "store/task_store.hpp"
#include "task/task.hpp"

namespace dms::worker {

// The external services and the rules their attempts follow, as the host's own attempts do.
struct WorkerSettings {
    std::set<std::string, std::less<>> services;                               // DMS_EXTERNAL_SERVICES
    std::map<std::string, store::RunningCaps, std::less<>> running_caps{};     // by service; absent: none
    std::chrono::milliseconds retry_base{1000};
    std::chrono::milliseconds retry_cap{300000};
    std::map<task::Priority, std::chrono::microseconds> max_wait{};  // bounded wait by priority, as the dispatcher's
    // Longest attempt by service (DMS_SERVICE_TIMEOUT_SECONDS, DMS_TASK_TIMEOUT_SECONDS), unless a task sets its own;
    // absent or zero: none.
    std::map<std::string, std::chrono::milliseconds, std::less<>> timeouts{};
};

// What an external worker asks for when it wants work.
struct LeaseOrder {
    std::string worker_id;
    std::vector<std::string> services;
    double lease_seconds = 30;
    std::size_t max_tasks = 1;
};

struct HeartbeatAnswer {
    task::Timestamp lease_expires_at;
    bool cancel_requested = false;
};

// How a worker says an attempt failed.
struct FailureReport {
    std::string error;
    bool permanent = false;                          // never retried, like the SDK's PermanentFailure
    nlohmann::json result = nlohmann::json::object();
};

// The host's side of external workers, knowing nothing of HTTP: leases of external services' tasks and the fenced
// writes of the attempts they run. Everything goes through the TaskStore, so leases, fences and the sweep of expired
// leases hold across every host sharing the store. A write for an attempt that is no longer current (its lease
// expired and the task went back or was leased again, or it ended) is refused as lease_lost and changes nothing.
class WorkerGateway {
public:
    static constexpr double kShortestLeaseSeconds = 1;
    static constexpr double kLongestLeaseSeconds = 3600;
    static constexpr std::size_t kMostTasksPerLease = 100;
    static constexpr std::size_t kOverrunPage = 500;  // running tasks read per page by end_overrun_attempts

    WorkerGateway(store::TaskStore& store, WorkerSettings settings);

    bool runs(std::string_view service) const { return settings_.services.contains(service); }
    const std::set<std::string, std::less<>>& services() const { return settings_.services; }

    // Leases up to max_tasks tasks of the named services, first in queue order; none when nothing waits.
    std::vector<task::Task> lease(const LeaseOrder& order);

    // Extends the attempt's lease by `lease_seconds` from now and tells whether a user asked to cancel.
    HeartbeatAnswer heartbeat(const store::Fence& fence, double lease_seconds);

    void append_log(const store::Fence& fence, const std::string& message);
    void report_progress(const store::Fence& fence, const task::Progress& progress);

    // Ends the attempt completed, keeping `result` (a JSON object). Returns the task afterwards.
    task::Task complete(const store::Fence& fence, nlohmann::json result);

    // Ends the attempt failed: retried by the host's retry policy when retries are left and it is not permanent,
    // else failed for good (a dead letter); a task whose cancel was requested ends cancelled instead.
    task::Task fail(const store::Fence& fence, FailureReport report);

    // Ends the attempts of external services that ran past their timeout while their workers stayed silent, as
    // end_if_overrun does at a worker's call; the maintenance sweep runs it. Returns how many it ended.
    std::size_t end_overrun_attempts();

    // The owner a worker's leases carry, told apart from hosts' ids: "worker:<worker_id>".
    static std::string lease_owner(const std::string& worker_id) { return "worker:" + worker_id; }

private:
    // The task running the fenced attempt of an external service; throws not_found or lease_lost otherwise.
    task::Task current(const store::Fence& fence) const;
    // The attempt's timeout, when the running task has passed it.
    std::optional<std::chrono::milliseconds> overrun(const task::Task& task) const;
    // Ends the attempt as the host's own would end past its timeout (failed, error_code timeout, retried when it has
    // retries left). True when this call ended it.
    bool end_timed_out(const task::Task& task, const store::Fence& fence, std::chrono::milliseconds limit);
    // Ends an attempt past its timeout and refuses the worker's call as lease_lost. Checked at each heartbeat, log
    // line and progress report; a completion or a failure report still counts.
    void end_if_overrun(const task::Task& task, const store::Fence& fence);
    task::Task end_attempt(const store::Fence& fence, const store::FinishRequest& request);
    static task::Timestamp deadline(double lease_seconds);

    store::TaskStore& store_;
    WorkerSettings settings_;
    dispatch::RetryPolicy retry_policy_;
};

}  // namespace dms::worker
