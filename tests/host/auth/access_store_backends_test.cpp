// The AccessStore contract on SQLite and Redis, plus what only a backend's own files can show: a record changed
// or removed behind the API's back breaks the chain check.
#include <sqlite3.h>

#include <optional>

#include "../store/redis_test_support.hpp"
#include "access_store_contract.hpp"
#include "auth/audit_trail.hpp"
#include "store/redis/access_keys.hpp"
#include "store/redis/connection.hpp"
#include "store/redis_access_store.hpp"
#include "store/sqlite_access_store.hpp"
#include "support/temp_dir.hpp"

namespace dms::store::test {
namespace {

class SharedRedisEnvironment : public ::testing::Environment {
 public:
    void SetUp() override { server_.emplace(RedisServer::Options{kSharedPassword, false}); }
    void TearDown() override { server_.reset(); }
    RedisServer& server() { return *server_; }

 private:
    std::optional<RedisServer> server_;
};

auto* const environment =
    static_cast<SharedRedisEnvironment*>(::testing::AddGlobalTestEnvironment(new SharedRedisEnvironment));

// A SqliteAccessStore that keeps its temporary folder alive.
struct TempSqliteAccessStore : SqliteAccessStore {
    explicit TempSqliteAccessStore(std::shared_ptr<dms::test::TempDir> folder)
        : SqliteAccessStore(folder->path() / "dms.sqlite3"), dir(std::move(folder)) {}
    std::shared_ptr<dms::test::TempDir> dir;
};

std::shared_ptr<AccessStore> make_sqlite() {
    return std::make_shared<TempSqliteAccessStore>(std::make_shared<dms::test::TempDir>());
}

std::shared_ptr<AccessStore> another_sqlite(const std::shared_ptr<AccessStore>& store) {
    return std::make_shared<TempSqliteAccessStore>(static_cast<TempSqliteAccessStore&>(*store).dir);
}

std::shared_ptr<AccessStore> make_redis() {
    shared_redis().flush_all();
    return std::make_shared<RedisAccessStore>(store_options(shared_redis().url(kSharedDb)));
}

std::shared_ptr<AccessStore> another_redis(const std::shared_ptr<AccessStore>&) {
    return std::make_shared<RedisAccessStore>(store_options(shared_redis().url(kSharedDb)));
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessStoreContract,
                         ::testing::Values(AccessStoreFactory{"sqlite", make_sqlite, another_sqlite},
                                           AccessStoreFactory{"redis", make_redis, another_redis}),
                         AccessStoreFactoryName{});

void run_sql(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
}

// Five records in a fresh SQLite store, and the file they are in.
class SqliteTamperTest : public ::testing::Test {
 protected:
    void SetUp() override {
        for (int i = 0; i < 5; ++i)
            store_.append_audit(
                AuditEntry{task::now(), "operator token", "", "10.0.0.1", "user.block", "u" + std::to_string(i), {}});
    }
    std::filesystem::path file() const { return dir_.path() / "dms.sqlite3"; }
    auth::ChainCheck check() { return auth::AuditTrail(store_).verify(); }

    dms::test::TempDir dir_;
    SqliteAccessStore store_{dir_.path() / "dms.sqlite3"};
};

TEST_F(SqliteTamperTest, AnIntactChainPasses) {
    auth::ChainCheck result = check();
    EXPECT_TRUE(result.intact) << result.problem;
    EXPECT_EQ(result.records, 5);
}

TEST_F(SqliteTamperTest, TheSchemaRefusesChangesAndDeletions) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file().c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET target = 'x' WHERE seq = 2", nullptr, nullptr, nullptr),
              SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log WHERE seq = 2", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    EXPECT_TRUE(check().intact);
}

TEST_F(SqliteTamperTest, AChangedRecordShows) {
    run_sql(file(), "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET target = 'someone-else' WHERE seq = 3");
    auth::ChainCheck result = check();
    EXPECT_FALSE(result.intact);
    EXPECT_EQ(result.first_bad_seq, 3);
    EXPECT_EQ(result.records, 2);
    EXPECT_NE(result.problem.find("changed"), std::string::npos) << result.problem;
}

TEST_F(SqliteTamperTest, ARecordRehashedToHideAChangeShowsInTheNext) {
    run_sql(file(), "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = 'f00d' WHERE seq = 2");
    EXPECT_EQ(check().first_bad_seq, 2);
}

TEST_F(SqliteTamperTest, ADeletedRecordShows) {
    run_sql(file(), "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2");
    auth::ChainCheck result = check();
    EXPECT_FALSE(result.intact);
    EXPECT_EQ(result.first_bad_seq, 2);
    EXPECT_NE(result.problem.find("missing"), std::string::npos) << result.problem;
}

TEST_F(SqliteTamperTest, ADeletedTailShows) {
    run_sql(file(), "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4");
    auth::ChainCheck result = check();
    EXPECT_FALSE(result.intact);
    EXPECT_EQ(result.records, 3);
    EXPECT_NE(result.problem.find("head"), std::string::npos) << result.problem;
}

class RedisTamperTest : public ::testing::Test {
 protected:
    void SetUp() override {
        store_ = make_redis();
        for (int i = 0; i < 5; ++i)
            store_->append_audit(
                AuditEntry{task::now(), "operator token", "", "10.0.0.1", "user.block", "u" + std::to_string(i), {}});
    }
    redis::Connection connect() const {
        return redis::Connection(redis::parse_url(shared_redis().url(kSharedDb)), std::chrono::seconds(2),
                                 std::chrono::seconds(5));
    }
    auth::ChainCheck check() { return auth::AuditTrail(*store_).verify(); }

    std::shared_ptr<AccessStore> store_;
};

TEST_F(RedisTamperTest, AChangedRecordShows) {
    redis::Connection redis = connect();
    std::string record = redis.call({"LINDEX", redis::access_keys::kAuditRecords, "2"}).str();
    nlohmann::json json = nlohmann::json::parse(record);
    json["target"] = "someone-else";
    redis.call({"LSET", redis::access_keys::kAuditRecords, "2", json.dump()});
    auth::ChainCheck result = check();
    EXPECT_FALSE(result.intact);
    EXPECT_EQ(result.first_bad_seq, 3);
}

TEST_F(RedisTamperTest, ADeletedRecordShows) {
    redis::Connection redis = connect();
    std::string record = redis.call({"LINDEX", redis::access_keys::kAuditRecords, "1"}).str();
    redis.call({"LREM", redis::access_keys::kAuditRecords, "1", record});
    auth::ChainCheck result = check();
    EXPECT_FALSE(result.intact);
    EXPECT_EQ(result.first_bad_seq, 2);
}

TEST_F(RedisTamperTest, ADeletedTailShows) {
    connect().call({"RPOP", redis::access_keys::kAuditRecords});
    auth::ChainCheck result = check();
    EXPECT_FALSE(result.intact);
    EXPECT_EQ(result.records, 4);
}

}  // namespace

RedisServer& shared_redis() { return environment->server(); }

}  // namespace dms::store::test
