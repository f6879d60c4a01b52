// The store contract on SqliteStore, plus what only an embedded file store promises: durability across reopen,
// a versioned schema, and safe concurrent use.
#include "store/sqlite_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"
#include "store/store_error.hpp"
#include "support/temp_dir.hpp"
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Priority;
using task::Status;

// Holds the temp folder so it outlives the store built on it (bases are destroyed after the derived part); shared,
// so that a reopened store keeps it.
struct OwnedTempDir {
    std::shared_ptr<dms::test::TempDir> dir;
};

// A SqliteStore on a file in its own temp folder, removed with the last store on it.
class TempSqliteStore : private OwnedTempDir, public SqliteStore {
public:
    explicit TempSqliteStore(std::shared_ptr<dms::test::TempDir> folder = std::make_shared<dms::test::TempDir>())
        : OwnedTempDir{std::move(folder)}, SqliteStore(dir->path() / "dms.sqlite3") {}

    // Closes `store` (a TempSqliteStore), then opens its file again.
    static std::unique_ptr<TaskStore> reopen(std::unique_ptr<TaskStore> store) {
        std::shared_ptr<dms::test::TempDir> folder = static_cast<TempSqliteStore&>(*store).dir;
        store.reset();
        return std::make_unique<TempSqliteStore>(std::move(folder));
    }
};

INSTANTIATE_TEST_SUITE_P(Sqlite, TaskStoreContract,
                         ::testing::Values(StoreFactory{"sqlite", [] { return std::make_unique<TempSqliteStore>(); },
                                                        TempSqliteStore::reopen}),
                         StoreFactoryName{});

// Runs one statement on the file with a plain SQLite connection, outside the store.
std::string query_raw(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string value;
    if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
        value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

// Whether another process would find `file` write-locked, as SQLite's exclusive lock leaves it. POSIX locks belong
// to a process, so a forked child asks (fcntl F_GETLK), using nothing but system calls.
bool locked_against_other_processes(const std::filesystem::path& file) {
    pid_t child = ::fork();
    if (child == 0) {
        int fd = ::open(file.c_str(), O_RDONLY);
        struct flock wanted {};
        wanted.l_type = F_RDLCK;  // a reader's lock conflicts only with a writer's
        wanted.l_whence = SEEK_SET;
        if (fd < 0 || ::fcntl(fd, F_GETLK, &wanted) != 0) ::_exit(2);
        ::_exit(wanted.l_type == F_UNLCK ? 1 : 0);
    }
    int status = 0;
    EXPECT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 2) << "the child could not ask";
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The details of SQLite's plan for `sql`, one step per line.
std::string query_plan(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    std::string explain = "EXPLAIN QUERY PLAN " + sql;
    EXPECT_EQ(sqlite3_prepare_v2(db, explain.c_str(), -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string plan;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        plan += reinterpret_cast<const char*>(sqlite3_column_text(statement, 3));
        plan += '\n';
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return plan;
}

class SqliteStoreTest : public ::testing::Test {
protected:
    std::filesystem::path file() const { return dir_.path() / "dms.sqlite3"; }

    // Makes the file as a host of schema `version` left it, with the rows `sql` writes.
    void write_at_version(int version, const std::string& sql) const {
        sqlite::Connection old(file(), sqlite::Connection::Mode::read_write);
        old.exec("PRAGMA journal_mode = WAL");
        sqlite::migrate(old, version);
        old.exec(sql);
    }

    static task::Task make(std::string id, Priority priority, std::string service = "copy") {
        task::Task task;
        task.task_id = std::move(id);
        task.service = std::move(service);
        task.user_id = "alice";
        task.priority = priority;
        task.parameters = {{"n", 1}};
        task.created_at = task::now();
        return task;
    }

    dms::test::TempDir dir_;
};

TEST_F(SqliteStoreTest, EverythingSurvivesClosingAndReopening) {
    Stats before;
    std::int64_t running_seq = 0;
    {
        SqliteStore store(file());
        std::vector<task::Task> tasks{make("low", Priority::low), make("high", Priority::high),
                                      make("mid", Priority::mid), make("high-2", Priority::high),
                                      make("cancelled", Priority::low)};
        store.submit(tasks, "Task queued");
        auto running = store.lease_next({"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}}, "Task started");
        ASSERT_EQ(running->task_id, "high");
        running_seq = running->seq;
        ASSERT_TRUE(store.save_checkpoint({"high", 1}, "cursor-7"));
        ASSERT_EQ(store.request_cancel("cancelled", "Cancelled").change, Change::applied);
        ASSERT_EQ(store.set_priority("low", Priority::mid, "Priority mid").change, Change::applied);
        store.set_global_block(true);
        store.set_user_block("mallory", true);
        before = store.stats();
    }
    SqliteStore store(file());
    task::Task high = store.get("high", 10).value();
    EXPECT_EQ(high.status, Status::running);
    EXPECT_EQ(high.seq, running_seq);
    EXPECT_EQ(high.checkpoint, "cursor-7");
    EXPECT_EQ(high.lease_owner, "host-a");
    EXPECT_EQ(high.log_count, 2);
    EXPECT_EQ(store.get("cancelled", 0)->status, Status::cancelled);
    EXPECT_EQ(store.get("low", 0)->priority, Priority::mid);
    EXPECT_EQ(store.queue_position("high-2"), 0);
    EXPECT_EQ(store.queue_position("mid"), 1);
    EXPECT_EQ(store.queue_position("low"), 2) << "moved to mid after 'mid' was submitted";
    Stats after = store.stats();
    EXPECT_EQ(after.by_status, before.by_status);
    EXPECT_EQ(after.by_service, before.by_service);
    EXPECT_EQ(after.queued_by_priority, before.queued_by_priority);
    EXPECT_EQ(after.totals, before.totals);
    EXPECT_EQ(after.last_updated, before.last_updated);
    Blocks blocks = store.blocks();
    EXPECT_TRUE(blocks.global);
    EXPECT_EQ(blocks.users, std::vector<std::string>{"mallory"});
    std::vector<std::string> order;
    while (auto task = store.lease_next({"host-b", task::now() + std::chrono::hours(1), {"copy"}, {}}, "Task started")) {
        order.push_back(task->task_id);
    }
    EXPECT_EQ(order, (std::vector<std::string>{"high-2", "mid", "low"}));
}

TEST_F(SqliteStoreTest, TheFileRecordsTheSchemaVersionAndUsesWal) {
    {
        SqliteStore store(file());
        EXPECT_EQ(store.schema_version(), sqlite::kSchemaVersion);
    }
    EXPECT_EQ(query_raw(file(), "PRAGMA user_version"), std::to_string(sqlite::kSchemaVersion));
    EXPECT_EQ(query_raw(file(), "PRAGMA journal_mode"), "wal");
    SqliteStore reopened(file());  // migrating an up-to-date file changes nothing
    EXPECT_EQ(reopened.schema_version(), sqlite::kSchemaVersion);
}

TEST_F(SqliteStoreTest, AnExclusiveStoreKeepsOtherProcessesOutOfItsFileUntilItCloses) {
    {
        SqliteStore store(file());
        std::vector<task::Task> tasks{make("t-1", Priority::mid)};
        store.submit(tasks, "Submitted");
        EXPECT_TRUE(locked_against_other_processes(file()));
        // This process's own connections still read it, through the index SQLite keeps in memory.
        EXPECT_EQ(query_raw(file(), "SELECT count(*) FROM tasks"), "1");
        EXPECT_EQ(store.get("t-1", 0)->status, Status::queued);
    }
    EXPECT_FALSE(locked_against_other_processes(file()));
}

TEST_F(SqliteStoreTest, ASharedStoreLeavesItsFileOpenToOtherProcesses) {
    SqliteStore store(file(), sqlite::FileLocking::shared);
    std::vector<task::Task> tasks{make("t-1", Priority::mid)};
    store.submit(tasks, "Submitted");
    EXPECT_FALSE(locked_against_other_processes(file()));
    EXPECT_TRUE(std::filesystem::exists(file().string() + "-shm")) << "the log's index is a file other processes map";
}

TEST_F(SqliteStoreTest, AVersion1FileIsMigratedWithItsQueueCountsAndLogsIntact) {
    // A file as a version-1 host left it: its triggers kept the counts, its SQL indexes held the queue.
    write_at_version(1,
        "INSERT INTO tasks (task_id, service, user_id, parameters, priority, status, created_at, updated_at) "
        "VALUES ('low', 'copy', 'alice', '{}', 2, 'queued', 1, 1), ('high', 'copy', 'alice', '{}', 0, 'queued', 2, 2), "
        "('done', 'copy', 'bob', '{}', 1, 'queued', 3, 3), ('other', 'sync', 'bob', '{}', 2, 'queued', 4, 4);"
        "UPDATE tasks SET status = 'completed' WHERE task_id = 'done';"
        "INSERT INTO task_logs (task_seq, at, message) SELECT seq, 1, 'Task queued' FROM tasks;");
    SqliteStore store(file());
    EXPECT_EQ(store.schema_version(), sqlite::kSchemaVersion);
    // Version 3 rebuilt the tasks table: the logs that point at it stayed, and still go with their task.
    EXPECT_EQ(store.get("low", 10)->log_count, 1);
    EXPECT_EQ(store.get("low", 0)->max_retries, 0);
    EXPECT_EQ(query_raw(file(), "SELECT count(*) FROM task_logs"), "4");
    // The count triggers went; only version 5's audit guards remain.
    EXPECT_EQ(query_raw(file(), "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name <> 'audit_log'"),
              "0");
    EXPECT_EQ(query_raw(file(), "SELECT count(*) FROM sqlite_master WHERE name LIKE 'tasks_queue%'"), "0");
    EXPECT_EQ(store.queue_position("high"), 0);
    EXPECT_EQ(store.queue_position("low"), 1);
    EXPECT_EQ(store.queue_position("other"), 2);
    EXPECT_FALSE(store.queue_position("done").has_value());
    Stats stats = store.stats();
    EXPECT_EQ(stats.by_status["queued"], 3);
    EXPECT_EQ(stats.by_status["completed"], 1);
    EXPECT_EQ(stats.totals["submitted"], 4);

    // After the migration the store keeps the counts itself.
    auto leased = store.lease_batch({"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}}, 5, "Task started");
    ASSERT_EQ(leased.size(), 2u);
    EXPECT_EQ(leased[0].task_id, "high");
    EXPECT_EQ(store.queue_position("other"), 0);
    stats = store.stats();
    EXPECT_EQ(stats.by_status["queued"], 1);
    EXPECT_EQ(stats.by_status["running"], 2);
    EXPECT_EQ(stats.totals["dispatched"], 2);
    EXPECT_TRUE(store.remove("other"));
    EXPECT_EQ(query_raw(file(), "SELECT count(*) FROM task_logs"), "5") << "4 old lines, 2 leases, 1 line gone";
    EXPECT_EQ(store.stats().by_status["queued"], 0);
    EXPECT_EQ(store.stats().by_service.count("sync"), 0u) << "a service with no tasks left drops out";
}

TEST_F(SqliteStoreTest, AVersion3FileKeepsItsRetryingTasksAttemptsAndLogsThroughVersion4) {
    // Version 4 rebuilt the tasks table for the scheduled status: every column and every row that points at a
    // task must come through.
    write_at_version(3,
        "INSERT INTO tasks (task_id, service, user_id, parameters, priority, status, created_at, updated_at, "
        "attempts, max_retries, failures, timeout_seconds, not_before) VALUES "
        "('again', 'copy', 'alice', '{\"n\":1}', 1, 'retrying', 1, 2, 1, 3, 1, 2.5, 5000000);"
        "INSERT INTO task_logs (task_seq, at, message) SELECT seq, 1, 'Task queued' FROM tasks;"
        "INSERT INTO task_attempts (task_seq, number, host, outcome, finished_at, error) "
        "SELECT seq, 1, 'host-a', 'failed', 2, 'disk full' FROM tasks;");
    SqliteStore store(file());
    EXPECT_EQ(store.schema_version(), sqlite::kSchemaVersion);
    auto kept = store.get("again", 10);
    ASSERT_TRUE(kept.has_value());
    EXPECT_EQ(kept->status, Status::retrying);
    EXPECT_EQ(kept->parameters, (nlohmann::json{{"n", 1}}));
    EXPECT_EQ(kept->max_retries, 3);
    EXPECT_EQ(kept->failures, 1);
    EXPECT_EQ(kept->timeout_seconds, 2.5);
    EXPECT_EQ(kept->not_before, task::Timestamp(std::chrono::seconds(5)));
    EXPECT_EQ(kept->log_count, 1);
    ASSERT_EQ(kept->attempt_history.size(), 1u);
    EXPECT_EQ(kept->attempt_history[0].error, "disk full");
    auto due = store.lease_batch({"host-b", task::now() + std::chrono::hours(1), {"copy"}, {}}, 5, "Task started");
    ASSERT_EQ(due.size(), 1u) << "its not_before is long past";
    EXPECT_EQ(due[0].attempts, 2);
}

TEST_F(SqliteStoreTest, AVersion8FileKeepsItsTasksAndItsSeqCounterThroughVersion9) {
    // Version 9 rebuilt the tasks table for a cheaper status check: rows, their logs and the AUTOINCREMENT
    // counter must come through, so the seq of a task deleted before the upgrade is still never given again.
    write_at_version(8,
        "INSERT INTO tasks (task_id, service, user_id, parameters, priority, status, created_at, updated_at, "
        "template_id, fair_key, queued_at) VALUES "
        "('kept', 'copy', 'alice', '{\"n\":1}', 1, 'queued', 1, 2, 'nightly', 7000, 2),"
        "('gone', 'copy', 'alice', '{}', 1, 'completed', 1, 2, NULL, 8000, 2);"
        "INSERT INTO task_logs (task_seq, at, message) SELECT seq, 1, 'Task queued' FROM tasks;"
        "INSERT INTO task_attempts (task_seq, number, host, outcome, finished_at, error) "
        "SELECT seq, 1, 'host-a', 'interrupted', 2, '' FROM tasks WHERE task_id = 'kept';"
        "DELETE FROM task_logs WHERE task_seq = (SELECT seq FROM tasks WHERE task_id = 'gone');"
        "DELETE FROM tasks WHERE task_id = 'gone';");
    SqliteStore store(file());
    EXPECT_EQ(store.schema_version(), sqlite::kSchemaVersion);
    auto kept = store.get("kept", 10);
    ASSERT_TRUE(kept.has_value());
    EXPECT_EQ(kept->status, Status::queued);
    EXPECT_EQ(kept->template_id, "nightly");
    EXPECT_EQ(kept->log_count, 1);
    ASSERT_EQ(kept->attempt_history.size(), 1u);
    EXPECT_EQ(kept->attempt_history[0].host, "host-a");
    EXPECT_EQ(store.queue_position("kept"), 0);
    std::vector<task::Task> fresh{make("fresh", Priority::low)};
    store.submit(fresh, "Task queued");
    EXPECT_EQ(fresh[0].seq, 3) << "seq 2 belonged to the task deleted before the upgrade";
}

TEST_F(SqliteStoreTest, AStatusChangeBuildsNoScratchTableForTheStatusCheck) {
    { SqliteStore store(file()); }
    // A CHECK with IN (...) is evaluated through a temporary B-tree built at every row written: most of the cost of a
    // status update. The schema spells the check out as comparisons.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "EXPLAIN UPDATE tasks SET status = ?2 WHERE seq = ?1", -1, &statement, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    std::string opcodes;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        opcodes += reinterpret_cast<const char*>(sqlite3_column_text(statement, 1));
        opcodes += ' ';
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    EXPECT_NE(opcodes.find("IdxInsert"), std::string::npos) << "the status index is written: " << opcodes;
    EXPECT_EQ(opcodes.find("OpenEphemeral"), std::string::npos) << opcodes;
}

TEST_F(SqliteStoreTest, TheQueueIsRebuiltFromTheFileOnOpen) {
    {
        SqliteStore store(file());
        std::vector<task::Task> tasks{make("a", Priority::low), make("b", Priority::high), make("c", Priority::low, "sync")};
        store.submit(tasks, "Task queued");
        ASSERT_TRUE(store.set_priority("c", Priority::mid, "moved").change == Change::applied);
    }
    SqliteStore reopened(file());
    EXPECT_EQ(reopened.queue_position("b"), 0);
    EXPECT_EQ(reopened.queue_position("c"), 1);
    EXPECT_EQ(reopened.queue_position("a"), 2);
    auto first = reopened.lease_next({"host-b", task::now() + std::chrono::hours(1), {"copy"}, {}}, "Task started");
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->task_id, "b");
}

TEST_F(SqliteStoreTest, TheOpenReadsTheQueueFromTheStatusIndexAlone) {
    { SqliteStore store(file()); }
    // The statement SqliteStore::load_queue runs: with a million queued tasks, a look-up of each row in the table
    // would double the open.
    std::string plan =
        query_plan(file(), "SELECT seq, priority, service, fair_key, user_id FROM tasks WHERE status = 'queued'");
    EXPECT_NE(plan.find("USING COVERING INDEX tasks_by_status"), std::string::npos) << plan;
}

TEST_F(SqliteStoreTest, AFileFromANewerVersionIsRefused) {
    { SqliteStore store(file()); }
    query_raw(file(), "PRAGMA user_version = 99");
    try {
        SqliteStore store(file());
        FAIL() << "opened a file of schema version 99";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find("99"), std::string::npos) << error.what();
    }
}

TEST_F(SqliteStoreTest, AFileThatIsNotADatabaseIsAStoreError) {
    std::FILE* junk = std::fopen(file().c_str(), "w");
    ASSERT_NE(junk, nullptr);
    std::fputs("this is not an SQLite database, not even close, but long enough to have a header", junk);
    std::fclose(junk);
    EXPECT_THROW(SqliteStore store(file()), StoreError);
}

TEST_F(SqliteStoreTest, AWrittenTaskWithADuplicateIdFailsTheWholeBatch) {
    SqliteStore store(file());
    std::vector<task::Task> batch{make("a", Priority::low), make("b", Priority::low), make("a", Priority::low)};
    EXPECT_THROW(store.submit(batch, "Task queued"), StoreError);
    EXPECT_FALSE(store.get("b", 0).has_value()) << "the batch is one transaction";
    EXPECT_EQ(batch[1].seq, 0);
    EXPECT_EQ(store.stats().totals["submitted"], 0);
}

TEST_F(SqliteStoreTest, ConcurrentWorkersAndReadersKeepTheStoreConsistent) {
    SqliteStore store(file());
    constexpr int kTasks = 300;
    std::vector<task::Task> tasks;
    for (int i = 0; i < kTasks; ++i) tasks.push_back(make("c" + std::to_string(i), static_cast<Priority>(i % 3)));
    store.submit(tasks, "Task queued");
    std::atomic<int> finished{0};
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w) {
        threads.emplace_back([&, w] {
            std::string host = "host-" + std::to_string(w);
            while (auto task = store.lease_next({host, task::now() + std::chrono::minutes(1), {"copy"}, {}}, "start")) {
                if (!store.append_log({task->task_id, task->attempts}, "working")) ++failures;
                auto end = store.finish({task->task_id, task->attempts}, task::Event::succeed, nullptr, "done");
                if (end.change != Change::applied) ++failures;
                ++finished;
            }
        });
    }
    for (int r = 0; r < 2; ++r) {
        threads.emplace_back([&] {
            while (!done) {
                Stats stats = store.stats();
                std::int64_t sum = 0;
                for (const auto& [status, n] : stats.by_status) sum += n;
                if (sum != kTasks) ++failures;  // every snapshot is consistent
                ListQuery query;
                query.limit = 50;
                if (store.list(query).tasks.size() != 50) ++failures;
            }
        });
    }
    for (int w = 0; w < 4; ++w) threads[static_cast<std::size_t>(w)].join();
    done = true;
    for (std::size_t r = 4; r < threads.size(); ++r) threads[r].join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(finished, kTasks);
    EXPECT_EQ(store.stats().by_status.at("completed"), kTasks);
}

// A row that no longer parses must not block its queue: given back, it would head every lease again.
TEST_F(SqliteStoreTest, ALeasedTaskWhoseRowCannotBeReadFailsAndTheRestOfTheBatchRuns) {
    SqliteStore store(file());
    std::vector<task::Task> tasks{make("unreadable", Priority::high), make("fine", Priority::high)};
    store.submit(tasks, "Task queued");
    query_raw(file(), "UPDATE tasks SET parameters = '{not json' WHERE task_id = 'unreadable'");
    auto leased = store.lease_batch({"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}}, 10, "Task started");
    ASSERT_EQ(leased.size(), 1u);
    EXPECT_EQ(leased[0].task_id, "fine");
    EXPECT_EQ(query_raw(file(), "SELECT status FROM tasks WHERE task_id = 'unreadable'"), "failed");
    std::string line = query_raw(file(), "SELECT message FROM task_logs WHERE task_seq = (SELECT seq FROM tasks WHERE "
                                         "task_id = 'unreadable') ORDER BY id DESC LIMIT 1");
    EXPECT_EQ(line.rfind("Failed before it started: the host could not read its stored task: ", 0), 0u) << line;
    EXPECT_NE(query_raw(file(), "SELECT result FROM tasks WHERE task_id = 'unreadable'")
                  .find("the stored task cannot be read"),
              std::string::npos);
    EXPECT_EQ(store.stats().by_status.at("failed"), 1);
    EXPECT_EQ(store.stats().by_status.at("running"), 1);
    EXPECT_EQ(store.stats().by_status.count("queued") ? store.stats().by_status.at("queued") : 0, 0);
    EXPECT_TRUE(store.lease_batch({"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}}, 10, "Task started")
                    .empty())
        << "nothing left to lease, and nothing given back";
}

// The ending's line and attempt record are inserted with its batch; a single finish reads the task back after them.
TEST_F(SqliteStoreTest, AFinishAnswersWithItsOwnLineCountedAndItsAttemptRecorded) {
    SqliteStore store(file());
    std::vector<task::Task> tasks{make("s", Priority::high)};
    store.submit(tasks, "Task queued");
    task::Task running = store.lease_next({"host-a", task::now() + std::chrono::hours(1), {"copy"}, {}}, "go").value();
    auto result = store.finish({{running.task_id, running.attempts}, task::Event::succeed, nullptr, "Completed"});
    ASSERT_EQ(result.change, Change::applied);
    ASSERT_TRUE(result.task.has_value());
    EXPECT_EQ(result.task->log_count, 3);  // queued, started, completed
    ASSERT_EQ(result.task->attempt_history.size(), 1u);
    EXPECT_EQ(result.task->attempt_history[0].outcome, "completed");
}

}  // namespace
}  // namespace dms::store::test
