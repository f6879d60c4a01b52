#include "store/sqlite_store.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <type_traits>
#include <utility>

#include "store/sqlite/ending_rows.hpp"
#include "store/sqlite/fairness_queries.hpp"
#include "store/sqlite/read_queries.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/task_rows.hpp"
#include "store/sqlite/task_writes.hpp"
#include "store/sqlite/transaction.hpp"
#include "store/sqlite_store_transactions.hpp"

namespace dms::store {

using sqlite::Connection;
using sqlite::Transaction;
using task::Event;
using task::Status;

namespace {

// Enough for the HTTP threads and workers that read at the same time; more are opened, then closed, on bursts.
constexpr std::size_t kMaxIdleReaders = 8;

// Logged after the caller's line when a requeue becomes a cancel because a cancel was requested meanwhile.
constexpr std::string_view kCancelledInsteadOfRequeued = "Task cancelled: a cancel was requested before requeue";

QueueKey queue_key(const sqlite::TaskState& state) {
    return {static_cast<int>(state.priority), state.fair_key, state.seq};
}

QueueChange queued(const sqlite::TaskState& state) { return {QueueChange::Kind::add, state.service, queue_key(state)}; }

QueueChange dequeued(const sqlite::TaskState& state) {
    return {QueueChange::Kind::remove, state.service, queue_key(state)};
}

// The task as it now stands (without log lines), for a ChangeResult.
ChangeResult applied(Connection& connection, std::int64_t seq) {
    return {Change::applied, sqlite::find_task(connection, seq, 0)};
}

ChangeResult illegal(Connection& connection, std::int64_t seq) {
    return {Change::illegal, sqlite::find_task(connection, seq, 0)};
}

// How an ended attempt is listed in the task's history.
std::string_view attempt_outcome(Event event) {
    switch (event) {
        case Event::succeed: return "completed";
        case Event::cancel: return "cancelled";
        case Event::requeue: return "interrupted";
        default: return "failed";
    }
}

std::string error_of(const nlohmann::json& result) {
    if (!result.is_object()) return {};
    auto error = result.find("error");
    return error != result.end() && error->is_string() ? error->get<std::string>() : std::string();
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file, sqlite::FileLocking locking)
    : writer_(file, Connection::Mode::read_write, locking), readers_(file, kMaxIdleReaders, locking) {
    sqlite::prepare_database(writer_);
    load_queue();
    std::lock_guard lock(write_mutex_);
    refresh_blocks();
    refresh_paused();
}

void SqliteStore::load_queue() {
    std::lock_guard lock(write_mutex_);
    // The users' last fair keys are rebuilt from their waiting tasks in the same passes (one host per SQLite file,
    // so memory is the truth between opens); the clocks are stored, as the largest key leased is gone from the queue.
    auto clocks = sqlite::read_fair_clocks(writer_);
    for (int priority = 0; priority < static_cast<int>(clocks.size()); ++priority) {
        fair_clock_.set_clock(priority, clocks[static_cast<std::size_t>(priority)]);
    }

    std::map<std::string, std::vector<QueueKey>, std::less<>> keys;
    // Sized from the kept counts up front: with a million tasks, growing the vectors costs a sixth of the open.
    auto counts = writer_.prepare("SELECT service, sum(n) FROM task_counts WHERE status = 'queued' GROUP BY service");
    while (counts.step()) keys[counts.text(0)].reserve(static_cast<std::size_t>(std::max<std::int64_t>(counts.int64(1), 0)));
    std::vector<QueueKey>* current = nullptr;
    std::string current_service;
    // Every column is in the status index (schema version 8): one scan of it, in seq order, and none of the table.
    auto rows = writer_.prepare("SELECT seq, priority, service, fair_key, user_id FROM tasks WHERE status = 'queued'");
    while (rows.step()) {
        std::string_view service = rows.text_view(2);
        if (current == nullptr || service != current_service) {
            current_service = service;
            current = &keys[current_service];
        }
        QueueKey key{static_cast<int>(rows.int64(1)), rows.int64(3), rows.int64(0)};
        current->push_back(key);
        fair_clock_.raise_last(key.priority, rows.text_view(4), key.fair_key);
    }
    queue_.assign(std::move(keys));

    std::vector<DelayedEntry> waiting;
    auto retrying = writer_.prepare(
        "SELECT seq, priority, service, coalesce(not_before, 0), fair_key, user_id FROM tasks "
        "WHERE status IN ('retrying', 'scheduled')");
    while (retrying.step()) {
        QueueKey key{static_cast<int>(retrying.int64(1)), retrying.int64(4), retrying.int64(0)};
        waiting.push_back({sqlite::from_micros(retrying.int64(3)), retrying.text(2), key});
        fair_clock_.raise_last(key.priority, retrying.text_view(5), key.fair_key);
    }
    delayed_.assign(std::move(waiting));
}

void SqliteStore::stop_waiting(const sqlite::TaskState& state) {
    // A task waiting for a time is in the delayed set, or in the queue once a lease found it due: both removals are
    // harmless.
    if (state.status == Status::queued || task::waits_for_time(state.status)) queue_changes_.push_back(dequeued(state));
    if (task::waits_for_time(state.status)) {
        delayed_changes_.push_back({DelayedChange::Kind::remove, {{}, state.service, {0, 0, state.seq}}});
    }
}

// One attempt's ending inside a write transaction: fenced, through the state machine, logged and recorded. Its log
// lines and attempt record go into `rows`, which the caller inserts with the rest of its batch; the result carries no
// task: a worker needs only the change, and finish() reads the task back once the rows are in.
ChangeResult SqliteStore::finish_attempt(Connection& db, const FinishRequest& request, sqlite::EndingRows& rows) {
    auto now = task::now();
    auto state = sqlite::find_state(db, request.fence.task_id);
    if (!state) return {Change::not_found, std::nullopt};
    if (state->status != Status::running || state->attempts != request.fence.attempt) {
        return {Change::stale, std::nullopt};
    }
    Event event = request.event;
    if (event == Event::retry && !request.not_before) return illegal(db, state->seq);
    bool cancel_instead = (event == Event::requeue || event == Event::retry) && state->cancel_requested;
    auto next = task::next_status(state->status, cancel_instead ? Event::cancel : event);
    if (!next) return illegal(db, state->seq);
    if (request.started) rows.attempt(*state, attempt_outcome(event), now, error_of(request.result));
    bool failure = event == Event::fail || event == Event::retry;
    std::optional<task::Timestamp> not_before;
    if (*next == Status::retrying) not_before = request.not_before;
    sqlite::write_status(db, *state, *next, now, count_deltas_, {request.result, not_before, failure});
    rows.log(state->seq, now, request.log);
    if (cancel_instead) rows.log(state->seq, now, kCancelledInsteadOfRequeued);
    if (*next == Status::queued) queue_changes_.push_back(queued(*state));
    if (*next == Status::retrying) {
        delayed_changes_.push_back(
            {DelayedChange::Kind::add, {*not_before, state->service, queue_key(*state)}});
    }
    return {Change::applied, std::nullopt};
}

SqliteStore::~SqliteStore() = default;

void SqliteStore::use_sync(Sync sync) {
    if (sync == writer_sync_) return;
    writer_.exec(sync == Sync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    writer_sync_ = sync;
}

std::vector<SubmitRefusal> SqliteStore::submit(std::span<task::Task> tasks, std::string_view log) {
    std::vector<SubmitRefusal> refusals(tasks.size(), SubmitRefusal::none);
    if (tasks.empty()) return refusals;
    auto now = task::now();
    try {
        write([&](Connection& db) {
            // Blocks change only under the writer's lock, which this transaction holds.
            Blocks gates = blocks();
            for (std::size_t i = 0; i < tasks.size(); ++i) {
                refusals[i] = refusal_of(gates, tasks[i].user_id);
                if (refusals[i] == SubmitRefusal::none) store_new_task(db, tasks[i], now, log);
            }
        });
    } catch (...) {
        for (task::Task& task : tasks) task.seq = 0;  // rolled back: none of them got a place
        throw;
    }
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        task::Task& task = tasks[i];
        if (refusals[i] != SubmitRefusal::none) continue;
        task.updated_at = now;
        task.logs = {{now, task.logs.empty() ? std::string(log) : std::move(task.logs.front().message)}};
        task.log_count = 1;
    }
    return refusals;
}

std::optional<task::Task> SqliteStore::get(std::string_view task_id, std::size_t log_tail) {
    return read([&](Connection& db) { return sqlite::find_task(db, task_id, log_tail); });
}

std::optional<std::int64_t> SqliteStore::queue_position(std::string_view task_id) {
    auto state = read([&](Connection& db) { return sqlite::find_state(db, task_id); });
    if (!state || state->status != Status::queued) return std::nullopt;
    return queue_.position(queue_key(*state));
}

std::optional<task::Task> SqliteStore::lease_next(const LeaseRequest& request, std::string_view log) {
    auto tasks = lease_batch(request, 1, log);
    if (tasks.empty()) return std::nullopt;
    return std::move(tasks.front());
}

std::vector<task::Task> SqliteStore::lease_batch(const LeaseRequest& asked, std::size_t max, std::string_view log) {
    LeaseRequest request = without_paused(asked);
    // An empty queue is the common answer to a polling worker: find that out without the writer lock.
    if (max == 0 || (!queue_.any(request.services) && !delayed_.any_due(request.now))) return {};
    auto next = task::next_status(Status::queued, Event::lease);
    if (!next) return {};
    std::vector<sqlite::StartedAttempt> started = write([&](Connection& db) {
        // Retrying tasks whose time has come join their queues at their old places; the memory-only move is right
        // whether or not this transaction commits, since they are due either way.
        queue_.apply(with_fair_keys(db, delayed_.take_due(request.now)));
        std::vector<std::int64_t> seqs;
        std::unordered_map<std::int64_t, QueueKey> keys;
        for (QueueKey key : lease_heads(db, request, max)) {
            seqs.push_back(key.seq);
            keys.emplace(key.seq, key);
        }
        auto now = task::now();
        auto attempts = sqlite::start_attempts(db, seqs, *next, request.host_id, request.lease_until, now,
                                               count_deltas_);
        // Each priority's clock is written once per batch, at its highest: in FIFO order every lease moves it.
        std::map<int, std::int64_t> moved_clocks;
        for (const sqlite::StartedAttempt& attempt : attempts) {
            QueueKey key = keys.at(attempt.seq);
            queue_changes_.push_back({QueueChange::Kind::remove, attempt.service, key});
            if (fair_clock_.leased(key.priority, key.fair_key)) moved_clocks[key.priority] = key.fair_key;
        }
        for (auto [priority, clock] : moved_clocks) sqlite::write_fair_clock(db, priority, clock);
        sqlite::insert_logs(db, sqlite::seqs_of(attempts), now, log);
        return attempts;
    }, Sync::relaxed);
    if (started.empty()) return {};
    // The whole rows are read after the commit, on a reader: the writer's lock bounds the drain, and reading them
    // back inside it was a third of a lease's work. A task deleted meanwhile is left out; its lease went with it.
    std::vector<task::Task> tasks;
    std::vector<sqlite::UnreadableRow> unreadable;
    try {
        tasks = read([&](Connection& db) { return sqlite::find_tasks(db, sqlite::seqs_of(started), unreadable); });
    } catch (...) {
        return_unread(started);
        throw;
    }
    if (!unreadable.empty()) fail_unreadable(started, unreadable);
    sqlite::keep_started(tasks, started, request.host_id);
    return tasks;
}

ChangeResult SqliteStore::finish(const FinishRequest& request) {
    return write([&](Connection& db) {
        sqlite::EndingRows rows;
        ChangeResult result = finish_attempt(db, request, rows);
        rows.write(db);
        if (result.change != Change::applied) return result;
        return ChangeResult{Change::applied, sqlite::find_task(db, request.fence.task_id, 0)};
    });
}

std::vector<ChangeResult> SqliteStore::finish_batch(std::span<const FinishRequest> requests) {
    if (requests.empty()) return {};
    return write([&](Connection& db) {
        sqlite::EndingRows rows;
        std::vector<ChangeResult> results;
        results.reserve(requests.size());
        for (const FinishRequest& request : requests) results.push_back(finish_attempt(db, request, rows));
        rows.write(db);
        return results;
    }, Sync::relaxed);
}

std::vector<std::string> SqliteStore::requeue_abandoned(task::Timestamp now, std::optional<std::string> owner,
                                                        std::string_view log) {
    return write([&](Connection& db) {
        struct Abandoned {
            std::string task_id;
            sqlite::TaskState state;
        };
        std::vector<Abandoned> found;
        {
            auto rows = db.prepare(
                "SELECT task_id, seq, attempts, cancel_requested, priority, service, lease_owner, user_id, fair_key, "
                "attempt_started_at FROM tasks "
                "WHERE status = 'running' AND (lease_expires_at < ?1 OR lease_owner = ?2) ORDER BY seq");
            rows.bind(1, sqlite::to_micros(now));
            if (owner) rows.bind(2, *owner);
            while (rows.step()) {
                found.push_back({rows.text(0),
                                 {rows.int64(1), Status::running, static_cast<int>(rows.int64(2)),
                                  rows.int64(3) != 0, static_cast<task::Priority>(std::clamp<std::int64_t>(rows.int64(4), 0, 2)),
                                  rows.text(5), std::nullopt, rows.text(7), rows.int64(8),
                                  rows.is_null(6) ? std::string() : rows.text(6)}});
                if (!rows.is_null(9)) found.back().state.attempt_started_at = rows.int64(9);
            }
        }
        std::vector<std::string> ids;
        sqlite::EndingRows rows;
        auto at = task::now();
        for (auto& [task_id, state] : found) {
            auto next = task::next_status(state.status, state.cancel_requested ? Event::cancel : Event::requeue);
            if (!next) continue;
            rows.attempt(state, attempt_outcome(Event::requeue), at, "");
            sqlite::write_status(db, state, *next, at, count_deltas_);
            const std::string& holder = state.lease_owner;
            rows.log(state.seq, at,
                     holder.empty() ? std::string(log) : std::string(log) + " (lease held by " + holder + ")");
            if (state.cancel_requested) rows.log(state.seq, at, kCancelledInsteadOfRequeued);
            if (*next == Status::queued) queue_changes_.push_back(queued(state));
            ids.push_back(std::move(task_id));
        }
        rows.write(db);
        return ids;
    });
}

ChangeResult SqliteStore::request_cancel(std::string_view task_id, std::string_view log) {
    return write([&](Connection& db) -> ChangeResult {
        auto state = sqlite::find_state(db, task_id);
        if (!state) return {Change::not_found, std::nullopt};
        auto next = task::next_status(state->status, Event::cancel);
        if (!next) return illegal(db, state->seq);
        auto now = task::now();
        sqlite::mark_cancel_requested(db, state->seq, now, count_deltas_);
        // A running task stays running until its worker stops and finishes it with cancel.
        if (state->status != Status::running) sqlite::write_status(db, *state, *next, now, count_deltas_);
        stop_waiting(*state);
        sqlite::insert_log(db, state->seq, now, log);
        return applied(db, state->seq);
    });
}

ChangeResult SqliteStore::set_priority(std::string_view task_id, task::Priority priority, std::string_view log) {
    return write([&](Connection& db) -> ChangeResult {
        auto state = sqlite::find_state(db, task_id);
        if (!state) return {Change::not_found, std::nullopt};
        if (task::is_final(state->status)) return illegal(db, state->seq);
        auto now = task::now();
        db.prepare("UPDATE tasks SET priority = ?2, updated_at = ?3 WHERE seq = ?1")
            .bind(1, state->seq)
            .bind(2, static_cast<int>(priority))
            .bind(3, sqlite::to_micros(now))
            .run();
        count_deltas_.reprioritized(state->status, state->service, state->priority, priority);
        stop_waiting(*state);
        sqlite::TaskState moved = *state;
        moved.priority = priority;
        // A fresh place in the new priority, as if submitted there now; a scheduled task gets its own when due.
        moved.fair_key = state->status == Status::scheduled
                             ? 0
                             : fair_clock_.next_key(static_cast<int>(priority), state->user_id,
                                                    fair_shares_.step(state->user_id));
        sqlite::write_fair_key(db, state->seq, moved.fair_key, now);
        if (state->status == Status::queued) {
            queue_changes_.push_back(queued(moved));
        } else if (task::waits_for_time(state->status)) {
            // Back among the delayed tasks, due when it was: a lease moves it into its new queue then.
            delayed_changes_.push_back({DelayedChange::Kind::add,
                                        {state->not_before.value_or(task::Timestamp{}), state->service,
                                         queue_key(moved)}});
        }
        sqlite::insert_log(db, state->seq, now, log);
        return applied(db, state->seq);
    });
}

ChangeResult SqliteStore::resubmit(std::string_view task_id, std::string_view log) {
    return write([&](Connection& db) -> ChangeResult {
        auto state = sqlite::find_state(db, task_id);
        if (!state) return {Change::not_found, std::nullopt};
        if (!task::next_status(state->status, Event::resubmit)) return illegal(db, state->seq);
        auto now = task::now();
        sqlite::write_resubmitted(db, *state, now, count_deltas_);
        sqlite::insert_log(db, state->seq, now, log);
        queue_changes_.push_back(queued(*state));
        return applied(db, state->seq);
    });
}

TaskPage SqliteStore::list(const ListQuery& query) {
    return read([&](Connection& db) { return sqlite::list_tasks(db, query); });
}

std::vector<std::string> SqliteStore::users_of(std::string_view service) {
    return read([&](Connection& db) { return sqlite::users_of(db, service); });
}

Stats SqliteStore::stats() {
    return read([](Connection& db) { return sqlite::read_stats(db); });
}

Blocks SqliteStore::blocks() {
    std::lock_guard lock(blocks_mutex_);
    return blocks_;
}

bool SqliteStore::healthy() {
    try {
        return read([](Connection& db) {
            auto one = db.prepare("SELECT 1");
            return one.step() && one.int64(0) == 1;
        });
    } catch (const std::exception&) {
        return false;
    }
}

int SqliteStore::schema_version() {
    return read([](Connection& db) { return sqlite::schema_version(db); });
}

}  // namespace dms::store
