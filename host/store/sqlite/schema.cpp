#include "store/sqlite/schema.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "store/sqlite/transaction.hpp"
#include "store/store_error.hpp"

namespace dms::store::sqlite {
namespace {

// Version 1. Statuses are stored by name (robust against enum reordering); priorities as 0 high, 1 mid, 2 low
// because the queue orders by them. Times are microseconds since the Unix epoch. (A CHECK with IN (...) would
// build a scratch table on every insert, so the status check spells out its ORs.)
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE tasks (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,  -- submission order, never reused
    task_id          TEXT    NOT NULL UNIQUE,
    service          TEXT    NOT NULL,
    user_id          TEXT    NOT NULL,
    parameters       TEXT    NOT NULL,                   -- JSON
    priority         INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
    status           TEXT    NOT NULL CHECK (status = 'queued' OR status = 'running' OR status = 'completed'
                                             OR status = 'failed' OR status = 'cancelled'),
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    result           TEXT    NOT NULL DEFAULT '{}',      -- JSON
    progress_done    REAL    NOT NULL DEFAULT 0,
    progress_total   REAL    NOT NULL DEFAULT 0,
    progress_unit    TEXT    NOT NULL DEFAULT '',
    progress_message TEXT    NOT NULL DEFAULT '',
    attempts         INTEGER NOT NULL DEFAULT 0,
    checkpoint       TEXT    NOT NULL DEFAULT '',
    lease_owner      TEXT    NOT NULL DEFAULT '',
    lease_expires_at INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER
);
-- The queue: first by priority, then submission order. Also answers queue positions.
CREATE INDEX tasks_queue ON tasks (priority, seq) WHERE status = 'queued';
-- The head of each service's queue, for leases restricted to some services.
CREATE INDEX tasks_queue_by_service ON tasks (service, priority, seq) WHERE status = 'queued';
-- Listings, newest first, by the filters the API offers; tasks_by_status also finds running tasks for the
-- abandoned-lease sweep, and tasks_by_service_user answers users_of.
CREATE INDEX tasks_by_service ON tasks (service, seq);
CREATE INDEX tasks_by_service_user ON tasks (service, user_id, seq);
CREATE INDEX tasks_by_status ON tasks (status, seq);
-- Final tasks by age, for the TTL sweep.
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE task_logs (
    id       INTEGER PRIMARY KEY,
    task_seq INTEGER NOT NULL REFERENCES tasks (seq) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    message  TEXT    NOT NULL
);
CREATE INDEX task_logs_by_task ON task_logs (task_seq, id);

CREATE TABLE blocked_users (user_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE flags (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO flags (name, value) VALUES ('global_block', 0);

-- Current task counts, kept exact by the triggers below so stats never scan the tasks table.
CREATE TABLE task_counts (
    status   TEXT    NOT NULL,
    service  TEXT    NOT NULL,
    priority INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (status, service, priority)
) WITHOUT ROWID;

-- Running totals of events since the database was created; one row.
CREATE TABLE stat_totals (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    submitted    INTEGER NOT NULL DEFAULT 0,
    dispatched   INTEGER NOT NULL DEFAULT 0,
    completed    INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    cancelled    INTEGER NOT NULL DEFAULT 0,
    requeued     INTEGER NOT NULL DEFAULT 0,
    last_updated INTEGER
);
INSERT INTO stat_totals (id) VALUES (1);

CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_counts (status, service, priority, n) VALUES (new.status, new.service, new.priority, 1)
        ON CONFLICT (status, service, priority) DO UPDATE SET n = n + 1;
    UPDATE stat_totals SET submitted = submitted + 1, last_updated = new.updated_at;
END;

CREATE TRIGGER tasks_count_update AFTER UPDATE OF status, priority ON tasks
WHEN old.status <> new.status OR old.priority <> new.priority BEGIN
    UPDATE task_counts SET n = n - 1
        WHERE status = old.status AND service = old.service AND priority = old.priority;
    DELETE FROM task_counts
        WHERE status = old.status AND service = old.service AND priority = old.priority AND n = 0;
    INSERT INTO task_counts (status, service, priority, n) VALUES (new.status, new.service, new.priority, 1)
        ON CONFLICT (status, service, priority) DO UPDATE SET n = n + 1;
    UPDATE stat_totals SET
        dispatched = dispatched + (old.status = 'queued' AND new.status = 'running'),
        requeued   = requeued   + (old.status = 'running' AND new.status = 'queued'),
        completed  = completed  + (old.status <> new.status AND new.status = 'completed'),
        failed     = failed     + (old.status <> new.status AND new.status = 'failed'),
        cancelled  = cancelled  + (old.status <> new.status AND new.status = 'cancelled');
END;

CREATE TRIGGER tasks_touch AFTER UPDATE OF updated_at ON tasks BEGIN
    UPDATE stat_totals SET last_updated = new.updated_at;
END;

CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks BEGIN
    UPDATE task_counts SET n = n - 1
        WHERE status = old.status AND service = old.service AND priority = old.priority;
    DELETE FROM task_counts
        WHERE status = old.status AND service = old.service AND priority = old.priority AND n = 0;
END;
)sql";

// Version 2, for throughput. The queue's order moved into memory (QueueIndex, rebuilt at open through
// tasks_by_status): its two partial indexes cost every submission, lease and cancel an index write each, and could
// not count positions fast. The counting triggers went too: each write transaction now adds up its count changes and
// writes them once (CountDeltas), where the triggers cost every row five times its own update.
constexpr std::string_view kVersion2 = R"sql(
DROP INDEX tasks_queue;
DROP INDEX tasks_queue_by_service;
DROP TRIGGER tasks_count_insert;
DROP TRIGGER tasks_count_update;
DROP TRIGGER tasks_touch;
DROP TRIGGER tasks_count_delete;
)sql";

// Version 3, for retries (issue 5): the retrying status, each task's retry budget, attempt limit and next run time,
// and a table of its ended attempts. SQLite cannot change a CHECK in place, so the tasks table is rebuilt the way
// its documentation prescribes (foreign keys off meanwhile, so the logs stay).
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE tasks_v3 (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id            TEXT    NOT NULL UNIQUE,
    service            TEXT    NOT NULL,
    user_id            TEXT    NOT NULL,
    parameters         TEXT    NOT NULL,
    priority           INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
    status             TEXT    NOT NULL CHECK (status = 'queued' OR status = 'running' OR status = 'completed'
                                               OR status = 'failed' OR status = 'cancelled' OR status = 'retrying'),
    cancel_requested   INTEGER NOT NULL DEFAULT 0,
    result             TEXT    NOT NULL DEFAULT '{}',
    progress_done      REAL    NOT NULL DEFAULT 0,
    progress_total     REAL    NOT NULL DEFAULT 0,
    progress_unit      TEXT    NOT NULL DEFAULT '',
    progress_message   TEXT    NOT NULL DEFAULT '',
    attempts           INTEGER NOT NULL DEFAULT 0,
    checkpoint         TEXT    NOT NULL DEFAULT '',
    lease_owner        TEXT    NOT NULL DEFAULT '',
    lease_expires_at   INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    max_retries        INTEGER NOT NULL DEFAULT 0,
    failures           INTEGER NOT NULL DEFAULT 0,
    timeout_seconds    REAL,
    not_before         INTEGER,  -- retrying: the next attempt starts no earlier
    attempt_started_at INTEGER   -- running: when the current attempt was leased
);
INSERT INTO tasks_v3 (seq, task_id, service, user_id, parameters, priority, status, cancel_requested, result,
                      progress_done, progress_total, progress_unit, progress_message, attempts, checkpoint, lease_owner,
                      lease_expires_at, created_at, updated_at, started_at, finished_at)
    SELECT seq, task_id, service, user_id, parameters, priority, status, cancel_requested, result, progress_done,
           progress_total, progress_unit, progress_message, attempts, checkpoint, lease_owner, lease_expires_at,
           created_at, updated_at, started_at, finished_at FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_v3 RENAME TO tasks;
CREATE INDEX tasks_by_service ON tasks (service, seq);
CREATE INDEX tasks_by_service_user ON tasks (service, user_id, seq);
CREATE INDEX tasks_by_status ON tasks (status, seq);
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE task_attempts (
    task_seq    INTEGER NOT NULL REFERENCES tasks (seq) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    host        TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,  -- completed | failed | cancelled | interrupted
    started_at  INTEGER,
    finished_at INTEGER NOT NULL,
    error       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (task_seq, number)
) WITHOUT ROWID;

ALTER TABLE stat_totals ADD COLUMN retried INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 4, for scheduling (issue 8): the scheduled status of a task submitted with a run_at still ahead. The CHECK
// changes, so the tasks table is rebuilt as in version 3.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE tasks_v4 (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id            TEXT    NOT NULL UNIQUE,
    service            TEXT    NOT NULL,
    user_id            TEXT    NOT NULL,
    parameters         TEXT    NOT NULL,
    priority           INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
    status             TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled',
                                                          'retrying', 'scheduled')),
    cancel_requested   INTEGER NOT NULL DEFAULT 0,
    result             TEXT    NOT NULL DEFAULT '{}',
    progress_done      REAL    NOT NULL DEFAULT 0,
    progress_total     REAL    NOT NULL DEFAULT 0,
    progress_unit      TEXT    NOT NULL DEFAULT '',
    progress_message   TEXT    NOT NULL DEFAULT '',
    attempts           INTEGER NOT NULL DEFAULT 0,
    checkpoint         TEXT    NOT NULL DEFAULT '',
    lease_owner        TEXT    NOT NULL DEFAULT '',
    lease_expires_at   INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    max_retries        INTEGER NOT NULL DEFAULT 0,
    failures           INTEGER NOT NULL DEFAULT 0,
    timeout_seconds    REAL,
    not_before         INTEGER,  -- retrying, scheduled: the next attempt starts no earlier
    attempt_started_at INTEGER   -- running: when the current attempt was leased
);
INSERT INTO tasks_v4 SELECT seq, task_id, service, user_id, parameters, priority, status, cancel_requested, result,
                            progress_done, progress_total, progress_unit, progress_message, attempts, checkpoint,
                            lease_owner, lease_expires_at, created_at, updated_at, started_at, finished_at,
                            max_retries, failures, timeout_seconds, not_before, attempt_started_at FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_v4 RENAME TO tasks;
CREATE INDEX tasks_by_service ON tasks (service, seq);
CREATE INDEX tasks_by_service_user ON tasks (service, user_id, seq);
CREATE INDEX tasks_by_status ON tasks (status, seq);
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;
)sql";

// Version 5: API keys (only each secret's SHA-256), the user-to-tenant bindings, and the audit chain with its head
// kept apart so a deleted tail shows. Triggers refuse changes to audit records, so only the chain check's own
// tests (dropping them first) can tamper.
constexpr std::string_view kVersion5 = R"sql(
CREATE TABLE api_keys (
    key_id      TEXT    PRIMARY KEY,
    secret_hash TEXT    NOT NULL,
    tenant      TEXT    NOT NULL,
    user_id     TEXT    NOT NULL DEFAULT '',
    service     TEXT    NOT NULL DEFAULT '',
    permissions TEXT    NOT NULL,  -- comma-separated names
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    revoked_at  INTEGER,
    created_by  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant, created_at);
CREATE TABLE user_tenants (
    user_id TEXT PRIMARY KEY,
    tenant  TEXT NOT NULL
);
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor        TEXT    NOT NULL,
    actor_key_id TEXT    NOT NULL,
    address      TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    details      TEXT    NOT NULL,  -- JSON
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit records cannot be deleted'); END;
)sql";

// Version 6, for recurring templates (issue 8): each template's definition and its place in its schedule
// (next_run_at, the occurrence it last fired or passed over), and on each task the template that created it.
// fire_template compares and advances next_run_at in the same transaction that inserts the task.
constexpr std::string_view kVersion6 = R"sql(
ALTER TABLE tasks ADD COLUMN template_id TEXT;
CREATE TABLE templates (
    template_id     TEXT    PRIMARY KEY,
    service         TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    cron            TEXT    NOT NULL,
    time_zone       TEXT    NOT NULL,
    parameters      TEXT    NOT NULL,  -- JSON
    priority        INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
    max_retries     INTEGER,           -- NULL: the service's default when a task is created
    timeout_seconds REAL,
    overlap         TEXT    NOT NULL CHECK (overlap IN ('skip', 'allow')),
    catch_up        TEXT    NOT NULL CHECK (catch_up IN ('skip', 'run_once')),
    enabled         INTEGER NOT NULL,
    next_run_at     INTEGER,           -- enabled: the next occurrence not yet fired or passed over
    last_occurrence INTEGER,
    last_task_id    TEXT    NOT NULL DEFAULT '',
    revision        INTEGER NOT NULL,  -- grows with every change of the definition
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) WITHOUT ROWID;
-- The scheduler's question: which enabled template runs next.
CREATE INDEX templates_due ON templates (next_run_at) WHERE enabled = 1;
CREATE INDEX templates_by_service_user ON templates (service, user_id);
)sql";

// Version 7, for fairness (issue 8): each task's fair key (its place within its priority, so users take turns; 0 for a
// scheduled task until it is due), when it entered its queue (for bounded wait), and each priority's fair clock (the
// largest key leased there). Keys are seq * 1000, one default step per task, so the queue keeps its order, and each
// clock starts just before its queue's first task, so newcomers join near the front as they would have.
constexpr std::string_view kVersion7 = R"sql(
ALTER TABLE tasks ADD COLUMN fair_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN queued_at INTEGER;
UPDATE tasks SET fair_key = seq * 1000 WHERE status <> 'scheduled';
UPDATE tasks SET queued_at = updated_at WHERE status = 'queued';
CREATE TABLE fair_clocks (
    priority INTEGER PRIMARY KEY,
    clock    INTEGER NOT NULL
);
INSERT INTO fair_clocks (priority, clock)
SELECT p.value, coalesce((SELECT min(fair_key) - 1 FROM tasks WHERE status = 'queued' AND priority = p.value),
                         (SELECT max(seq) * 1000 FROM tasks), 0)
FROM json_each('[0, 1, 2]') AS p;
)sql";

// Version 8, for opening fast with a long queue (issue 4): the status index carries what the open reads of each
// waiting task (its place in the queue and its user's fair key), so rebuilding the queue is one scan of the index,
// with no look-up of each row in the table (1,000,000 queued tasks: about half the open).
constexpr std::string_view kVersion8 = R"sql(
DROP INDEX tasks_by_status;
CREATE INDEX tasks_by_status ON tasks (status, seq, priority, service, fair_key, user_id);
)sql";

// Version 9, for throughput (issue 4): version 4's status CHECK used IN (...), which SQLite evaluates by building a
// scratch B-tree of the seven names at every insert and status change (callgrind: 45% of a status update, 42% of a
// submission). The ORs version 1 spelled out cost a few comparisons. SQLite cannot change a CHECK in place, so the
// table is rebuilt as in version 4, keeping the AUTOINCREMENT counter so that no deleted task's seq is ever reused.
constexpr std::string_view kVersion9 = R"sql(
CREATE TABLE tasks_v9 (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id            TEXT    NOT NULL UNIQUE,
    service            TEXT    NOT NULL,
    user_id            TEXT    NOT NULL,
    parameters         TEXT    NOT NULL,
    priority           INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 2),
    status             TEXT    NOT NULL CHECK (status = 'queued' OR status = 'running' OR status = 'completed'
                                               OR status = 'failed' OR status = 'cancelled' OR status = 'retrying'
                                               OR status = 'scheduled'),
    cancel_requested   INTEGER NOT NULL DEFAULT 0,
    result             TEXT    NOT NULL DEFAULT '{}',
    progress_done      REAL    NOT NULL DEFAULT 0,
    progress_total     REAL    NOT NULL DEFAULT 0,
    progress_unit      TEXT    NOT NULL DEFAULT '',
    progress_message   TEXT    NOT NULL DEFAULT '',
    attempts           INTEGER NOT NULL DEFAULT 0,
    checkpoint         TEXT    NOT NULL DEFAULT '',
    lease_owner        TEXT    NOT NULL DEFAULT '',
    lease_expires_at   INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    max_retries        INTEGER NOT NULL DEFAULT 0,
    failures           INTEGER NOT NULL DEFAULT 0,
    timeout_seconds    REAL,
    not_before         INTEGER,  -- retrying, scheduled: the next attempt starts no earlier
    attempt_started_at INTEGER,  -- running: when the current attempt was leased
    template_id        TEXT,     -- the template that created it; NULL for a submission
    fair_key           INTEGER NOT NULL DEFAULT 0,  -- its place within its priority's queue
    queued_at          INTEGER   -- when it last entered its queue, for bounded wait
);
INSERT INTO tasks_v9 SELECT seq, task_id, service, user_id, parameters, priority, status, cancel_requested, result,
                            progress_done, progress_total, progress_unit, progress_message, attempts, checkpoint,
                            lease_owner, lease_expires_at, created_at, updated_at, started_at, finished_at,
                            max_retries, failures, timeout_seconds, not_before, attempt_started_at, template_id,
                            fair_key, queued_at FROM tasks;
DELETE FROM sqlite_sequence WHERE name = 'tasks_v9';
INSERT INTO sqlite_sequence (name, seq) SELECT 'tasks_v9', seq FROM sqlite_sequence WHERE name = 'tasks';
DROP TABLE tasks;
ALTER TABLE tasks_v9 RENAME TO tasks;
CREATE INDEX tasks_by_service ON tasks (service, seq);
CREATE INDEX tasks_by_service_user ON tasks (service, user_id, seq);
CREATE INDEX tasks_by_status ON tasks (status, seq, priority, service, fair_key, user_id);
CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;
)sql";

// Migration i brings the file from version i to version i + 1. Only ever append.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations{kVersion1, kVersion2, kVersion3, kVersion4, kVersion5,
                                                                   kVersion6, kVersion7, kVersion8, kVersion9};

}  // namespace

void prepare_database(Connection& writer) {
    {
        auto mode = writer.prepare("PRAGMA journal_mode = WAL");
        if (!mode.step() || mode.text(0) != "wal") throw StoreError("sqlite: the database cannot use WAL mode");
    }
    writer.exec("PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
    // Before foreign keys are on: a migration that rebuilds a table must not cascade its drop into the logs.
    migrate(writer);
    writer.exec("PRAGMA foreign_keys = ON");
}

int schema_version(Connection& connection) {
    auto statement = connection.prepare("PRAGMA user_version");
    statement.step();
    return static_cast<int>(statement.int64(0));
}

void migrate(Connection& connection, int target) {
    Transaction transaction(connection, Transaction::Kind::write);
    int version = schema_version(connection);
    if (version > kSchemaVersion) {
        throw StoreError("sqlite: database schema version " + std::to_string(version) +
                         " is newer than this host supports (" + std::to_string(kSchemaVersion) + ")");
    }
    const int found = version;
    for (; version < std::min(target, kSchemaVersion); ++version) {
        connection.exec(kMigrations[static_cast<std::size_t>(version)]);
        connection.exec("PRAGMA user_version = " + std::to_string(version + 1));
    }
    // Only after a migration: the check reads every log line, half a second per open with a million tasks.
    if (version != found) {
        auto broken = connection.prepare("PRAGMA foreign_key_check");
        if (broken.step()) throw StoreError("sqlite: a schema migration left rows without their task");
    }
    transaction.commit();
}

}  // namespace dms::store::sqlite
