#pragma once

#include <filesystem>
#include <functional>
#include <mutex>

#include "store/delayed_queue.hpp"
#include "store/fair_clock.hpp"
#include "store/queue_index.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/count_deltas.hpp"
#include "store/sqlite/ending_rows.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/task_rows.hpp"
#include "store/sqlite/task_writes.hpp"
#include "store/task_store.hpp"

namespace dms::store {

// The embedded TaskStore: one SQLite file (WAL, synchronous=FULL) on one host. Writes are serialized on a single
// connection behind a mutex; reads use pooled read-only connections and never wait behind a commit. The queue's
// order lives in memory too (QueueIndex, loaded at open), for positions and leases in O(log n), and so do the retrying
// tasks by due time (DelayedQueue) and the blocks.
class SqliteStore : public TaskStore {
public:
    // Opens or creates the database file (e.g. <data_dir>/dms.sqlite3) and brings its schema up to date.
    explicit SqliteStore(const std::filesystem::path& file,
                         sqlite::FileLocking locking = sqlite::FileLocking::exclusive);
    ~SqliteStore() override;

    std::vector<SubmitRefusal> submit(std::span<task::Task> tasks, std::string_view log) override;
    std::optional<task::Task> get(std::string_view task_id, std::size_t log_tail) override;
    std::optional<std::int64_t> queue_position(std::string_view task_id) override;
    std::optional<task::Task> lease_next(const LeaseRequest& request, std::string_view log) override;
    bool renew_lease(const Fence& fence, task::Timestamp lease_until) override;
    std::vector<std::string> cancel_requested_among(std::span<const std::string> task_ids) override;
    std::vector<task::Task> lease_batch(const LeaseRequest& request, std::size_t max, std::string_view log) override;
    std::vector<ChangeResult> finish_batch(std::span<const FinishRequest> requests) override;
    using TaskStore::finish;
    ChangeResult finish(const FinishRequest& request) override;
    std::vector<std::string> requeue_abandoned(task::Timestamp now, std::optional<std::string> owner,
                                               std::string_view log) override;
    bool append_log(const Fence& fence, std::string_view message) override;
    bool update_progress(const Fence& fence, const task::Progress& progress) override;
    bool save_checkpoint(const Fence& fence, std::string_view cursor) override;
    ChangeResult resubmit(std::string_view task_id, std::string_view log) override;
    ChangeResult request_cancel(std::string_view task_id, std::string_view log) override;
    ChangeResult set_priority(std::string_view task_id, task::Priority priority, std::string_view log) override;
    bool remove(std::string_view task_id) override;
    TaskPage list(const ListQuery& query) override;
    std::vector<std::string> users_of(std::string_view service) override;
    Stats stats() override;
    Blocks blocks() override;
    void set_global_block(bool blocked) override;
    void set_user_block(std::string_view user_id, bool blocked) override;
    std::vector<std::string> paused_services() override;
    void set_service_paused(std::string_view service, bool paused) override;
    RunningCount running_count(std::string_view service, std::string_view user_id) override;
    std::size_t expire_finished(task::Timestamp cutoff, std::size_t max_tasks) override;
    bool healthy() override;

    // The schema version recorded in the file (PRAGMA user_version).
    int schema_version();

    // For stores of other things in this database whose changes create tasks in the same commit (recurring
    // templates): runs `body(connection, insert)` in one durable write transaction, where insert(task) stores a new
    // task exactly as submit does, its one log entry (if any) as its first line.
    using TaskInserter = std::function<void(task::Task&)>;
    void write_with_tasks(const std::function<void(sqlite::Connection&, const TaskInserter&)>& body);
    // Runs `body(connection)` in one read transaction (a consistent snapshot) on a pooled reader.
    void read_snapshot(const std::function<void(sqlite::Connection&)>& body);

private:
    // How hard a write commits. The worker path (leases, renewals, log lines, progress, batched endings) is
    // `relaxed`: it survives a crash of the process, and a power cut costs at most a re-run of a task that had
    // just ended (execution is at-least-once), never a task. Every other write (submissions, checkpoints,
    // operator actions) is `full`, and also makes the earlier relaxed writes durable, the WAL being synced in
    // order.
    enum class Sync { full, relaxed };

    // Runs `body(connection)` in one write transaction on the writer, committing when it returns normally.
    // The body reports count changes to count_deltas_ (written before the commit) and queue changes to
    // queue_changes_ (applied to queue_ after it, still under the write lock).
    template <class Body>
    auto write(Body&& body, Sync sync = Sync::full);
    void load_queue();
    // Inserts one new task and its first line (`log` unless it brings its own) inside a write transaction.
    void store_new_task(sqlite::Connection& db, task::Task& task, task::Timestamp now, std::string_view log);
    // The queue or delayed changes that take a task out of wherever it waits (queued or retrying).
    void stop_waiting(const sqlite::TaskState& state);
    ChangeResult finish_attempt(sqlite::Connection& db, const FinishRequest& request, sqlite::EndingRows& rows);
    // Hands a committed lease's attempts back to their queues unstarted when their rows could not be read.
    void return_unread(std::span<const sqlite::StartedAttempt> started);
    // Ends as failed the just-leased tasks whose rows do not read: given back, each would be leased again at once.
    void fail_unreadable(std::span<const sqlite::StartedAttempt> started,
                         std::span<const sqlite::UnreadableRow> unreadable);
    void refresh_blocks();  // with write_mutex_ held, after a change to the blocks
    void refresh_paused();  // with write_mutex_ held, after a change to the paused services
    // The request without its paused services (sqlite_store_fairness.cpp).
    LeaseRequest without_paused(const LeaseRequest& request);
    // The keys a lease takes, inside its write transaction, in the order it takes them: QueueIndex::heads, with the
    // running caps applied, after the tasks that outwaited their priority's bound (sqlite_store_fairness.cpp).
    std::vector<QueueKey> lease_heads(sqlite::Connection& db, const LeaseRequest& request, std::size_t max);
    // lease_heads in plain queue order, without bounded wait.
    std::vector<QueueKey> heads_in_order(sqlite::Connection& db, const LeaseRequest& request, std::size_t max);
    // The first tasks of each bounded priority (of services without running caps) whose wait passed the bound; lowers
    // request.most_per_service by those taken, for the rest of the batch.
    std::vector<QueueKey> overdue_heads(sqlite::Connection& db, LeaseRequest& request, std::size_t max);
    // Due delayed tasks about to join their queues, with a fair key given (and stored) to the scheduled ones.
    std::vector<QueueChange> with_fair_keys(sqlite::Connection& db, std::vector<QueueChange> due);
    // Reports a deleted task (a row of "DELETE ... RETURNING status, priority, service, seq, fair_key") to the counts
    // and queue.
    void forget(const sqlite::Statement& deleted);
    void use_sync(Sync sync);
    // Runs `body(connection)` in one read transaction (a consistent snapshot) on a pooled reader.
    template <class Body>
    auto read(Body&& body);

    std::mutex write_mutex_;
    Sync writer_sync_ = Sync::full;  // what the writer connection is set to now
    sqlite::Connection writer_;
    // Made by the transaction in progress, under write_mutex_: counts are written before its commit, the queue and
    // the delayed tasks are changed after it.
    std::vector<QueueChange> queue_changes_;
    std::vector<DelayedChange> delayed_changes_;
    sqlite::CountDeltas count_deltas_;
    QueueIndex queue_;
    DelayedQueue delayed_;  // retrying tasks until they are due
    // Fair keys' virtual times, under write_mutex_. Changed inside transactions before they commit: a rolled-back one
    // leaves a user's last key a step ahead, which costs that user one turn, never a task its place.
    FairClock fair_clock_;
    // Every submission checks the blocks; only this store changes them, so it keeps them in memory.
    std::mutex blocks_mutex_;
    Blocks blocks_;
    std::vector<std::string> paused_;  // sorted; under blocks_mutex_, as every lease reads it
    sqlite::ReaderPool readers_;  // declared after the writer: readers close first
};

}  // namespace dms::store
