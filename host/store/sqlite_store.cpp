#include "store/sqlite_store.hpp"

#include <type_traits>
#include <utility>

#include "store/sqlite/read_queries.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/task_rows.hpp"
#include "store/sqlite/task_writes.hpp"
#include "store/sqlite/transaction.hpp"

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

// The task as it now stands (without log lines), for a ChangeResult.
ChangeResult applied(Connection& connection, std::int64_t seq) {
    return {Change::applied, sqlite::find_task(connection, seq, 0)};
}

ChangeResult illegal(Connection& connection, std::int64_t seq) {
    return {Change::illegal, sqlite::find_task(connection, seq, 0)};
}

// One attempt's ending inside a write transaction: fenced, through the state machine, logged.
// `with_task`: read the task back for the result; batched endings skip it, their workers need only the change.
ChangeResult finish_attempt(Connection& db, const Fence& fence, Event event, const nlohmann::json& result,
                            std::string_view log, bool with_task) {
    auto state = sqlite::find_state(db, fence.task_id);
    if (!state) return {Change::not_found, std::nullopt};
    if (state->status != Status::running || state->attempts != fence.attempt) return {Change::stale, std::nullopt};
    bool cancel_instead = event == Event::requeue && state->cancel_requested;
    auto next = task::next_status(state->status, cancel_instead ? Event::cancel : event);
    if (!next) return illegal(db, state->seq);
    auto now = task::now();
    sqlite::write_status(db, state->seq, *next, now, result);
    sqlite::insert_log(db, state->seq, now, log);
    if (cancel_instead) sqlite::insert_log(db, state->seq, now, kCancelledInsteadOfRequeued);
    return with_task ? applied(db, state->seq) : ChangeResult{Change::applied, std::nullopt};
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file)
    : writer_(file, Connection::Mode::read_write), readers_(file, kMaxIdleReaders) {
    sqlite::prepare_database(writer_);
}

SqliteStore::~SqliteStore() = default;

void SqliteStore::use_sync(Sync sync) {
    if (sync == writer_sync_) return;
    writer_.exec(sync == Sync::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    writer_sync_ = sync;
}

template <class Body>
auto SqliteStore::write(Body&& body, Sync sync) {
    std::lock_guard lock(write_mutex_);
    use_sync(sync);
    Transaction transaction(writer_, Transaction::Kind::write);
    if constexpr (std::is_void_v<decltype(body(writer_))>) {
        body(writer_);
        transaction.commit();
    } else {
        auto result = body(writer_);
        transaction.commit();
        return result;
    }
}

template <class Body>
auto SqliteStore::read(Body&& body) {
    auto reader = readers_.acquire();
    Transaction transaction(*reader, Transaction::Kind::read);
    auto result = body(*reader);
    transaction.commit();
    return result;
}

void SqliteStore::submit(std::span<task::Task> tasks, std::string_view log) {
    if (tasks.empty()) return;
    auto now = task::now();
    try {
        write([&](Connection& db) {
            for (task::Task& task : tasks) {
                sqlite::insert_task(db, task, now);
                sqlite::insert_log(db, task.seq, now, log);
            }
        });
    } catch (...) {
        for (task::Task& task : tasks) task.seq = 0;  // rolled back: none of them got a place
        throw;
    }
    for (task::Task& task : tasks) {
        task.status = Status::queued;
        task.updated_at = now;
        task.logs = {{now, std::string(log)}};
        task.log_count = 1;
    }
}

std::optional<task::Task> SqliteStore::get(std::string_view task_id, std::size_t log_tail) {
    return read([&](Connection& db) { return sqlite::find_task(db, task_id, log_tail); });
}

std::optional<std::int64_t> SqliteStore::queue_position(std::string_view task_id) {
    return read([&](Connection& db) { return sqlite::queue_position(db, task_id); });
}

std::optional<task::Task> SqliteStore::lease_next(const LeaseRequest& request, std::string_view log) {
    auto tasks = lease_batch(request, 1, log);
    if (tasks.empty()) return std::nullopt;
    return std::move(tasks.front());
}

std::vector<task::Task> SqliteStore::lease_batch(const LeaseRequest& request, std::size_t max, std::string_view log) {
    // An empty queue is the common answer to a polling worker: find that out on a reader, without the writer lock.
    if (max == 0 || !read([&](Connection& db) { return sqlite::queue_head(db, request.services).has_value(); })) {
        return {};
    }
    auto next = task::next_status(Status::queued, Event::lease);
    if (!next) return {};
    return write([&](Connection& db) {
        std::vector<task::Task> leased;
        auto now = task::now();
        for (std::int64_t seq : sqlite::queue_heads(db, request.services, request.most_per_service, max)) {
            sqlite::start_attempt(db, seq, *next, request.host_id, request.lease_until, now);
            sqlite::insert_log(db, seq, now, log);
            if (auto task = sqlite::find_task(db, seq, 0)) leased.push_back(std::move(*task));
        }
        return leased;
    }, Sync::relaxed);
}

ChangeResult SqliteStore::finish(const Fence& fence, Event event, const nlohmann::json& result, std::string_view log) {
    return write([&](Connection& db) { return finish_attempt(db, fence, event, result, log, true); });
}

std::vector<ChangeResult> SqliteStore::finish_batch(std::span<const FinishRequest> requests) {
    if (requests.empty()) return {};
    return write([&](Connection& db) {
        std::vector<ChangeResult> results;
        results.reserve(requests.size());
        for (const FinishRequest& request : requests) {
            results.push_back(finish_attempt(db, request.fence, request.event, request.result, request.log, false));
        }
        return results;
    }, Sync::relaxed);
}

std::vector<std::string> SqliteStore::requeue_abandoned(task::Timestamp now, std::optional<std::string> owner,
                                                        std::string_view log) {
    return write([&](Connection& db) {
        std::vector<std::pair<std::string, sqlite::TaskState>> found;
        {
            auto rows = db.prepare(
                "SELECT task_id, seq, attempts, cancel_requested FROM tasks WHERE status = 'running' "
                "AND (lease_expires_at < ?1 OR lease_owner = ?2) ORDER BY seq");
            rows.bind(1, sqlite::to_micros(now));
            if (owner) rows.bind(2, *owner);
            while (rows.step()) {
                found.push_back(
                    {rows.text(0),
                     {rows.int64(1), Status::running, static_cast<int>(rows.int64(2)), rows.int64(3) != 0}});
            }
        }
        std::vector<std::string> ids;
        auto at = task::now();
        for (auto& [task_id, state] : found) {
            auto next = task::next_status(state.status, state.cancel_requested ? Event::cancel : Event::requeue);
            if (!next) continue;
            sqlite::write_status(db, state.seq, *next, at);
            sqlite::insert_log(db, state.seq, at, log);
            if (state.cancel_requested) sqlite::insert_log(db, state.seq, at, kCancelledInsteadOfRequeued);
            ids.push_back(std::move(task_id));
        }
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
        sqlite::mark_cancel_requested(db, state->seq, now);
        // A running task stays running until its worker stops and finishes it with cancel.
        if (state->status != Status::running) sqlite::write_status(db, state->seq, *next, now);
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
        sqlite::insert_log(db, state->seq, now, log);
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
    return read([](Connection& db) { return sqlite::read_blocks(db); });
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
