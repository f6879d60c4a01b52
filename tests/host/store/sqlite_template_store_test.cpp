// The template store contract on SqliteTemplateStore, in a SqliteStore's file.
#include "store/sqlite_store.hpp"

#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite_template_store.hpp"
#include "template_store_contract.hpp"

namespace dms::store::test {
namespace {

// One host owns an embedded file (its data directory is locked), so there is no second handle.
std::unique_ptr<TaskStore> make_sqlite(const std::filesystem::path& scratch, bool fresh) {
    if (!fresh) return nullptr;
    return std::make_unique<SqliteStore>(scratch / "dms.sqlite3");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, TemplateStoreContract, ::testing::Values(TemplateStoreFactory{"sqlite", make_sqlite}),
                         TemplateStoreFactoryName{});

// A template's place in its schedule is on disk: a restarted host neither fires an occurrence again nor misses it.
TEST(SqliteTemplateStoreTest, AFiredOccurrenceStaysFiredAcrossAReopen) {
    dms::test::TempDir dir;
    const auto file = dir.path() / "dms.sqlite3";
    const task::Timestamp at = std::chrono::floor<std::chrono::hours>(task::now()) + std::chrono::hours(1);
    Template made;
    made.template_id = "tpl-1";
    made.service = "copy";
    made.user_id = "alice";
    made.cron = "0 * * * *";
    made.time_zone = "UTC";
    made.next_run_at = at;
    task::Task task;
    task.task_id = "first";
    task.service = "copy";
    task.user_id = "alice";
    task.created_at = task::now();
    FireRequest request{"tpl-1", 1, at, at, at + std::chrono::hours(1), task};
    {
        SqliteStore tasks(file);
        SqliteTemplateStore templates(tasks);
        templates.create(made);
        ASSERT_EQ(templates.fire(request).outcome, FireOutcome::fired);
    }
    SqliteStore tasks(file);
    SqliteTemplateStore templates(tasks);
    request.task->task_id = "again";
    EXPECT_EQ(templates.fire(request).outcome, FireOutcome::lost);
    EXPECT_EQ(templates.get("tpl-1")->next_run_at, at + std::chrono::hours(1));
    EXPECT_EQ(tasks.get("first", 0)->template_id, "tpl-1");
    EXPECT_FALSE(tasks.get("again", 0).has_value());
}

// Version 6 adds the templates table and tasks.template_id to a file of version 5, keeping its tasks.
TEST(SqliteTemplateStoreTest, AVersion5FileGainsTemplatesAndKeepsItsTasks) {
    dms::test::TempDir dir;
    const auto file = dir.path() / "dms.sqlite3";
    {
        sqlite::Connection old(file, sqlite::Connection::Mode::read_write);
        old.exec("PRAGMA journal_mode = WAL");
        sqlite::migrate(old, 5);
        old.exec(
            "INSERT INTO tasks (task_id, service, user_id, parameters, priority, status, created_at, updated_at) "
            "VALUES ('old', 'copy', 'alice', '{}', 1, 'queued', 1, 2);"
            "INSERT INTO task_logs (task_seq, at, message) SELECT seq, 1, 'Task queued' FROM tasks;");
    }
    SqliteStore tasks(file);
    EXPECT_EQ(tasks.schema_version(), sqlite::kSchemaVersion);
    auto kept = tasks.get("old", 5);
    ASSERT_TRUE(kept.has_value());
    EXPECT_TRUE(kept->template_id.empty());
    EXPECT_EQ(kept->log_count, 1);
    SqliteTemplateStore templates(tasks);
    EXPECT_TRUE(templates.list({}).empty());
}

}  // namespace
}  // namespace dms::store::test
