#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/fair_shares.hpp"
#include "task/state_machine.hpp"
#include "task/task.hpp"

namespace dms::store {

// Filters and page for a listing. Results come newest first; `cursor` continues after a previous page.
struct ListQuery {
    std::optional<std::string> service;
    std::optional<std::string> user_id;
    std::optional<task::Status> status;
    std::optional<task::Priority> priority;
    std::size_t limit = 100;
    std::optional<std::string> cursor;  // opaque: a previous page's next_cursor
    std::size_t log_tail = 0;           // how many of each task's latest log lines to include
};

struct TaskPage {
    std::vector<task::Task> tasks;
    std::optional<std::string> next_cursor;  // set when more tasks may follow
};

// Identifies one attempt of one task. Writes for an attempt that is no longer current are refused, so a
// host that lost its lease cannot touch the task again (fencing).
struct Fence {
    std::string task_id;
    int attempt = 0;
};

// One attempt's ending, for finish and finish_batch.
struct FinishRequest {
    Fence fence;
    task::Event event = task::Event::succeed;
    nlohmann::json result;  // null: keep the task's result as it is
    std::string log;
    std::optional<task::Timestamp> not_before;  // with Event::retry: the next attempt starts no earlier
    bool started = true;  // false: handed back before its plugin started; no attempt is recorded
};

// The ending of a just-leased attempt whose stored task does not read (a field that no longer parses): it fails,
// saying why. Handed back instead, it would head every lease of its queue again and block the tasks behind it.
FinishRequest unreadable_task_ending(Fence fence, std::string_view error);

// Limits on one service's running tasks, counted in the store over every host that shares it; 0: none.
struct RunningCaps {
    std::size_t service = 0;   // running tasks of the service
    std::size_t per_user = 0;  // running tasks of one user in the service
};

// What runs now in one service, over every host: for telling a waiting task why it waits.
struct RunningCount {
    std::int64_t service = 0;
    std::int64_t user = 0;  // of the user asked about
};

// What a worker asks for when it wants the next task.
struct LeaseRequest {
    std::string host_id;
    task::Timestamp lease_until;        // the lease expires then unless renewed
    std::vector<std::string> services;  // only tasks of these services may be taken
    std::map<std::string, std::size_t, std::less<>> most_per_service;  // a cap within one batch; absent: none
    task::Timestamp now = task::now();  // retrying tasks whose not_before is at or before this may be taken
    // By service: a service at its cap yields nothing, a user at theirs is passed over; absent: none.
    std::map<std::string, RunningCaps, std::less<>> running_caps{};
    // Bounded wait, by priority: a task of that priority that has waited longer than this since it entered its queue
    // (submitted, requeued, resubmitted, moved, or due) is taken before the tasks of higher priorities; absent: no
    // bound. Services with running caps in this request keep plain queue order.
    std::map<task::Priority, std::chrono::microseconds> max_wait{};
};

// The outcome of an operation that may change a task.
enum class Change {
    applied,    // done; `task` is the task afterwards
    not_found,  // no such task
    illegal,    // the state machine forbids it; `task` is the task as it stands, unchanged
    stale,      // the fence names an attempt that is no longer current; nothing changed
};

struct ChangeResult {
    Change change = Change::not_found;
    std::optional<task::Task> task;
};

// Counts for operators: current tasks by status, service and priority, plus running totals of events.
struct Stats {
    std::map<std::string, std::int64_t> by_status;                                  // every status, zeros too
    std::map<std::string, std::map<std::string, std::int64_t>> by_service;          // service -> status -> n
    std::map<std::string, std::int64_t> queued_by_priority;                         // every priority, zeros too
    std::map<std::string, std::int64_t> totals;  // submitted, dispatched, completed, failed, cancelled, requeued, retried
    std::optional<task::Timestamp> last_updated;  // the last write that changed any task or count, deletions too
};

// Submission gates that operators set.
struct Blocks {
    bool global = false;
    std::vector<std::string> users;  // sorted
};

// Why TaskStore::submit did not store a task: an operator's block, read in the transaction that stores the others.
enum class SubmitRefusal { none, all_blocked, user_blocked };

// What `gates` say of a submission by `user_id`.
SubmitRefusal refusal_of(const Blocks& gates, std::string_view user_id);

// Durable home of all tasks, queues, logs, stats and blocks. Every operation is atomic on its own, and
// every status change goes through task::next_status. Implementations: SqliteStore (embedded, one host)
// and, later, a Redis store shared by many hosts. One contract test suite holds them all to this text.
class TaskStore {
public:
    virtual ~TaskStore() = default;

    // Stores new queued tasks in one atomic, durable commit (the unit of group commit): once this
    // returns, every one of them survives a crash. Each task gets its seq and a first log line: the message of
    // its one log entry when it arrives with one (its own words, e.g. naming its request), else `log`.
    // The tasks arrive with task_id, service, user_id, parameters, priority, created_at, max_retries and
    // timeout_seconds set. The blocks are checked in the same transaction, so one set before the commit is never
    // missed and costs no round trip of its own: while all submissions are blocked, or a task's user is, that task
    // is not stored and its seq stays 0. Returns one refusal per task, in order (none for each stored task).
    virtual std::vector<SubmitRefusal> submit(std::span<task::Task> tasks, std::string_view log) = 0;

    // The task with its latest `log_tail` log lines and its whole attempt_history, or nothing.
    virtual std::optional<task::Task> get(std::string_view task_id, std::size_t log_tail) = 0;

    // How many queued tasks will be taken before this one; nothing when it is not queued. Retrying tasks count
    // once they are due and a lease has seen them. This is the queue order (priority, fair key); with bounded wait,
    // a task that outwaits its priority's bound may still be taken ahead of its place, so the count is exact only
    // until some task of a lower priority reaches its bound.
    virtual std::optional<std::int64_t> queue_position(std::string_view task_id) = 0;

    // Takes the first task in queue order among the requested services that is queued, or retrying with
    // not_before at or before request.now: it becomes running, its attempt count grows by one, not_before is cleared,
    // attempt_started_at and the lease are recorded and `log` appended. started_at is set by the first attempt only.
    // Nothing when `services` is empty. Queue order is priority, then fair key, then seq: within a priority, users
    // take turns (start-time fair queuing). A task gets its fair key when it enters a priority's queue (submitted,
    // moved by set_priority, or a scheduled one when due): the later of its user's last key in that priority and the
    // priority's clock (the largest key leased there), plus the user's step (FairShares). One user alone is FIFO;
    // a newcomer waits behind about one task of each busy user. Requeues, retries and resubmits keep the key, so
    // the task returns to its place. A task that has outwaited request.max_wait of its priority comes first.
    virtual std::optional<task::Task> lease_next(const LeaseRequest& request, std::string_view log) = 0;

    // Takes up to `max` tasks at once, in the order lease_next would take them one by one, at most
    // most_per_service[s] of each capped service; one atomic commit. Each is leased as by lease_next. Paused services
    // yield nothing; running_caps are checked against the running tasks in the store, in the same commit.
    virtual std::vector<task::Task> lease_batch(const LeaseRequest& request, std::size_t max, std::string_view log) = 0;

    // Extends a running attempt's lease. False when the attempt is no longer current.
    virtual bool renew_lease(const Fence& fence, task::Timestamp lease_until) = 0;

    // Those of these tasks that are running with a cancel requested: how a cancel made through another host that
    // shares the store reaches the host running the task.
    virtual std::vector<std::string> cancel_requested_among(std::span<const std::string> task_ids) = 0;

    // Ends a running attempt with succeed, fail, cancel, requeue or retry, storing `result` (when not null) and
    // appending `log`. The fence is current only while the task is running that very attempt: otherwise (requeued
    // meanwhile, already ended, re-leased) the result is stale and nothing changes. An event the state machine refuses
    // is illegal. fail and retry count a failure; retry needs not_before and leaves the task retrying until then. A
    // requeue or retry of a task whose cancel was requested cancels it instead (`log`, then a line saying so, are
    // appended), since nobody wants it to run again. When the attempt had started, it is added to attempt_history:
    // outcome completed, failed (fail, retry), cancelled or interrupted (requeue), error from result.error.
    virtual ChangeResult finish(const FinishRequest& request) = 0;

    // finish for the common case: no retry time, an attempt that had started.
    ChangeResult finish(const Fence& fence, task::Event event, const nlohmann::json& result, std::string_view log) {
        return finish(FinishRequest{fence, event, result, std::string(log), std::nullopt, true});
    }

    // Ends several attempts in one atomic commit (group commit for workers), each exactly as finish would;
    // the results are in the order of the requests and carry the change only (no task: workers need no more). It
    // survives a crash of the process; a store may let a power cut undo it (the tasks then run again: execution is
    // at-least-once), never a submission.
    virtual std::vector<ChangeResult> finish_batch(std::span<const FinishRequest> requests) = 0;

    // Puts back every running task whose lease expired before `now` and, when `owner` is set, every
    // running task of that host whatever its lease, each with `log` and the host that held the lease appended as
    // "<log> (lease held by <host>)", and an interrupted attempt recorded;
    // a task whose cancel was requested is cancelled instead, as in finish. Tasks keep their seq and fair key, so they return to their original place. Returns
    // their ids.
    virtual std::vector<std::string> requeue_abandoned(task::Timestamp now, std::optional<std::string> owner,
                                                       std::string_view log) = 0;

    // Appends to a running attempt's log. False when the attempt is no longer current.
    virtual bool append_log(const Fence& fence, std::string_view message) = 0;

    // Records a running attempt's progress. False when the attempt is no longer current.
    virtual bool update_progress(const Fence& fence, const task::Progress& progress) = 0;

    // Saves a running attempt's resume cursor. False when the attempt is no longer current.
    virtual bool save_checkpoint(const Fence& fence, std::string_view cursor) = 0;

    // An operator's retry of a failed task (a dead letter): it returns to its queue in its original place, with
    // no failures counted, no next_run_at, an empty result and `log` appended; its attempt_history stays. Any other
    // status is illegal.
    virtual ChangeResult resubmit(std::string_view task_id, std::string_view log) = 0;

    // A user or operator cancel: a queued or retrying task becomes cancelled at once; a running one is marked
    // cancel_requested (its worker then stops it); a final one is illegal. `log` is appended if applied.
    virtual ChangeResult request_cancel(std::string_view task_id, std::string_view log) = 0;

    // Moves a queued, retrying or running task to another priority, keeping its seq: it gets a fresh fair key in the
    // new priority (scheduled tasks get theirs when due), so a queued task joins the new queue as if just submitted
    // there. Final tasks are illegal.
    virtual ChangeResult set_priority(std::string_view task_id, task::Priority priority, std::string_view log) = 0;

    // Deletes the task and all its logs. False when there was none.
    virtual bool remove(std::string_view task_id) = 0;

    // Throws std::invalid_argument when `query.cursor` is not a cursor this store handed out.
    virtual TaskPage list(const ListQuery& query) = 0;

    // Everyone who has a task in this service, sorted.
    virtual std::vector<std::string> users_of(std::string_view service) = 0;

    virtual Stats stats() = 0;

    virtual Blocks blocks() = 0;
    virtual void set_global_block(bool blocked) = 0;
    virtual void set_user_block(std::string_view user_id, bool blocked) = 0;

    // Services whose queued tasks no lease takes until resumed (running ones finish), sorted. Durable, and seen by
    // every host sharing the store at its next lease.
    virtual std::vector<std::string> paused_services() = 0;
    virtual void set_service_paused(std::string_view service, bool paused) = 0;

    // Running tasks of `service` now, in all and of `user_id`.
    virtual RunningCount running_count(std::string_view service, std::string_view user_id) = 0;

    // Deletes up to `max_tasks` final tasks that finished before `cutoff`. Returns how many.
    virtual std::size_t expire_finished(task::Timestamp cutoff, std::size_t max_tasks) = 0;

    // True when the store answers.
    virtual bool healthy() = 0;

    // The users' shares for the fair keys of tasks entering queues from now on. Set before the store is used (not
    // guarded: the host configures its store once, before any request).
    void set_fair_shares(FairShares shares) { fair_shares_ = std::move(shares); }

protected:
    FairShares fair_shares_;
};

}  // namespace dms::store
