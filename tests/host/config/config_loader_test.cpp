#include "config/config_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <thread>
#include <vector>

namespace dms::config {
namespace {

// Clears every DMS_* setting for the test and puts the previous values back afterwards.
class ConfigLoaderTest : public ::testing::Test {
 protected:
    void SetUp() override {
        for (const auto& [name, value] : names_.items()) {
            if (const char* old = std::getenv(name.c_str())) saved_[name] = old;
            ::unsetenv(name.c_str());
        }
    }
    void TearDown() override {
        for (const auto& [name, value] : names_.items()) ::unsetenv(name.c_str());
        for (const auto& [name, value] : saved_) ::setenv(name.c_str(), value.c_str(), 1);
    }

    static void set(const char* name, const char* value) { ::setenv(name, value, 1); }

    static LoadResult load(std::vector<std::string> args = {}) {
        std::vector<const char*> argv{"dms-host"};
        for (const auto& arg : args) argv.push_back(arg.c_str());
        return load_config(static_cast<int>(argv.size()), argv.data());
    }

    // Loading must fail with exit code 2 and an error that mentions `mention` (case-insensitive).
    static void expect_refused(const LoadResult& result, std::string mention) {
        EXPECT_FALSE(result.config.has_value());
        EXPECT_EQ(result.exit_code, 2);
        std::string error = result.error;
        auto lower = [](std::string& s) {
            std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        };
        lower(error);
        lower(mention);
        EXPECT_NE(error.find(mention), std::string::npos) << "error: " << result.error;
        EXPECT_EQ(result.error.rfind("dms-host: ", 0), 0u) << result.error;
    }

    const nlohmann::json names_ = Config{}.to_json();  // every DMS_* setting, by name
    std::map<std::string, std::string> saved_;
};

TEST_F(ConfigLoaderTest, DefaultsWithNothingSet) {
    LoadResult result = load();
    ASSERT_TRUE(result.config) << result.error;
    const Config& config = *result.config;
    EXPECT_EQ(config.host, "127.0.0.1");
    EXPECT_EQ(config.port, 8000);
    EXPECT_EQ(config.timezone, "Asia/Seoul");
    EXPECT_EQ(config.api_prefix, "/api/v1");
    EXPECT_TRUE(config.log_json);
    EXPECT_EQ(config.log_level, "info");
    EXPECT_EQ(config.task_ttl_seconds, 7776000);
    EXPECT_EQ(config.worker_count, std::max(1u, std::thread::hardware_concurrency()));
    EXPECT_EQ(config.plugin_dir, std::filesystem::path(DMS_BUNDLED_PLUGIN_DIR));
    EXPECT_TRUE(config.operator_token.empty());
}

TEST_F(ConfigLoaderTest, ReadsEnvironmentVariables) {
    set("DMS_PORT", "9123");
    set("DMS_TIMEZONE", "UTC");
    set("DMS_DATA_DIR", "/tmp/dms-somewhere");
    set("DMS_WORKER_COUNT", "3");
    set("DMS_LOG_JSON", "false");
    set("DMS_TASK_TTL_SECONDS", "60");
    set("DMS_SHUTDOWN_GRACE_SECONDS", "1.5");
    LoadResult result = load();
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->port, 9123);
    EXPECT_EQ(result.config->timezone, "UTC");
    EXPECT_EQ(result.config->data_dir, "/tmp/dms-somewhere");
    EXPECT_EQ(result.config->worker_count, 3u);
    EXPECT_FALSE(result.config->log_json);
    EXPECT_EQ(result.config->task_ttl_seconds, 60);
    EXPECT_DOUBLE_EQ(result.config->shutdown_grace_seconds, 1.5);
}

TEST_F(ConfigLoaderTest, FlagsWinOverEnvironment) {
    set("DMS_PORT", "9123");
    set("DMS_TIMEZONE", "UTC");
    LoadResult result = load({"--port", "9200", "--timezone=Europe/Paris"});
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->port, 9200);
    EXPECT_EQ(result.config->timezone, "Europe/Paris");
}

TEST_F(ConfigLoaderTest, LogLevelIsCaseInsensitive) {
    set("DMS_LOG_LEVEL", "INFO");
    LoadResult result = load();
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->log_level, "info");
    set("DMS_LOG_LEVEL", "Warning");
    result = load();
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->log_level, "warning");
}

TEST_F(ConfigLoaderTest, BadLogLevelIsRefused) {
    set("DMS_LOG_LEVEL", "loud");
    expect_refused(load(), "DMS_LOG_LEVEL");
}

TEST_F(ConfigLoaderTest, BadPortsAreRefused) {
    for (const char* port : {"abc", "70000", "-1", "80x", ""}) {
        SCOPED_TRACE(std::string("DMS_PORT=") + port);
        set("DMS_PORT", port);
        LoadResult result = load();
        if (std::string(port).empty() && result.config) continue;  // an empty variable may count as unset
        expect_refused(result, "port");
    }
    ::unsetenv("DMS_PORT");
    expect_refused(load({"--port", "65536"}), "port");
}

TEST_F(ConfigLoaderTest, BadValuesAreRefusedNamingTheSetting) {
    struct Case {
        const char* name;
        const char* value;
        const char* mention;
    };
    for (const Case& c :
         {Case{"DMS_API_PREFIX", "api", "DMS_API_PREFIX"}, Case{"DMS_API_PREFIX", "/api/", "DMS_API_PREFIX"},
          Case{"DMS_MAX_BODY_BYTES", "10", "DMS_MAX_BODY_BYTES"},
          Case{"DMS_SHUTDOWN_GRACE_SECONDS", "-1", "DMS_SHUTDOWN_GRACE_SECONDS"},
          Case{"DMS_LEASE_SECONDS", "0.5", "DMS_LEASE_SECONDS"},
          Case{"DMS_TASK_TTL_SECONDS", "0", "DMS_TASK_TTL_SECONDS"}, Case{"DMS_STORE", "mongo", "DMS_STORE"},
          Case{"DMS_SQLITE_LOCKING", "none", "DMS_SQLITE_LOCKING"},
          Case{"DMS_WORKER_COUNT", "many", "workers"}, Case{"DMS_LOG_JSON", "maybe", "log-json"}}) {
        SCOPED_TRACE(std::string(c.name) + "=" + c.value);
        set(c.name, c.value);
        expect_refused(load(), c.mention);
        ::unsetenv(c.name);
    }
}

TEST_F(ConfigLoaderTest, UnknownFlagIsRefused) { expect_refused(load({"--no-such-flag"}), "no-such-flag"); }

TEST_F(ConfigLoaderTest, ParsesServiceConcurrency) {
    set("DMS_SERVICE_CONCURRENCY", "sleep=2,noop=5");
    LoadResult result = load();
    ASSERT_TRUE(result.config) << result.error;
    std::map<std::string, unsigned> expected{{"sleep", 2}, {"noop", 5}};
    EXPECT_EQ(result.config->service_concurrency, expected);
}

TEST_F(ConfigLoaderTest, FlagServiceConcurrencyWins) {
    set("DMS_SERVICE_CONCURRENCY", "sleep=2");
    LoadResult result = load({"--service-concurrency", "copy=1"});
    ASSERT_TRUE(result.config) << result.error;
    std::map<std::string, unsigned> expected{{"copy", 1}};
    EXPECT_EQ(result.config->service_concurrency, expected);
}

TEST_F(ConfigLoaderTest, BadServiceConcurrencyIsRefused) {
    for (const char* value : {"sleep", "=3", "sleep=0", "sleep=x", "sleep=2x", "sleep=-1", "sleep=1,noop"}) {
        SCOPED_TRACE(std::string("DMS_SERVICE_CONCURRENCY=") + value);
        set("DMS_SERVICE_CONCURRENCY", value);
        expect_refused(load(), "DMS_SERVICE_CONCURRENCY");
    }
}

TEST_F(ConfigLoaderTest, VersionPrintsTheVersionAndRunsNothing) {
    LoadResult result = load({"--version"});
    EXPECT_FALSE(result.config);
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.output, std::string("dms-host ") + DMS_VERSION + "\n");
}

TEST_F(ConfigLoaderTest, ShowConfigMasksTheToken) {
    set("DMS_OPERATOR_TOKEN", "very-secret-value");
    set("DMS_PORT", "8123");
    LoadResult result = load({"--show-config"});
    EXPECT_FALSE(result.config);
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.output.find("very-secret-value"), std::string::npos) << result.output;
    auto shown = nlohmann::json::parse(result.output);
    EXPECT_EQ(shown["DMS_OPERATOR_TOKEN"], "********");
    EXPECT_EQ(shown["DMS_PORT"], 8123);
}

TEST_F(ConfigLoaderTest, ShowConfigSaysWhenTheTokenWillBeGenerated) {
    LoadResult result = load({"--show-config"});
    auto shown = nlohmann::json::parse(result.output);
    EXPECT_NE(shown["DMS_OPERATOR_TOKEN"].get<std::string>().find("generated"), std::string::npos);
}

TEST_F(ConfigLoaderTest, RedisStoreTakesAWriteAndAReadUrl) {
    set("DMS_STORE", "redis");
    set("DMS_REDIS_WRITE_URL", "redis://:pw@redis-primary:6379/2");
    set("DMS_REDIS_READ_URL", "redis://:pw@redis-replica:6380/2");
    LoadResult result = load({"--redis-timeout-seconds", "1.5"});
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->store, "redis");
    EXPECT_EQ(result.config->redis_write_url, "redis://:pw@redis-primary:6379/2");
    EXPECT_EQ(result.config->redis_read_url, "redis://:pw@redis-replica:6380/2");
    EXPECT_EQ(result.config->redis_timeout_seconds, 1.5);
}

TEST_F(ConfigLoaderTest, TheSqliteFileIsLockedExclusivelyUnlessSharingIsAskedFor) {
    LoadResult defaults = load();
    ASSERT_TRUE(defaults.config) << defaults.error;
    EXPECT_EQ(defaults.config->sqlite_locking, "exclusive");
    set("DMS_SQLITE_LOCKING", "shared");
    LoadResult shared = load();
    ASSERT_TRUE(shared.config) << shared.error;
    EXPECT_EQ(shared.config->sqlite_locking, "shared");
    EXPECT_EQ(nlohmann::json::parse(load({"--show-config"}).output)["DMS_SQLITE_LOCKING"], "shared");
}

TEST_F(ConfigLoaderTest, BadRedisUrlsAreRefusedWithTheRedisStore) {
    set("DMS_STORE", "redis");
    set("DMS_REDIS_WRITE_URL", "http://redis:6379");
    expect_refused(load(), "DMS_REDIS_WRITE_URL");
    set("DMS_REDIS_WRITE_URL", "redis://redis:6379/0");
    set("DMS_REDIS_READ_URL", "redis://redis:6380/replica");
    expect_refused(load(), "DMS_REDIS_READ_URL");
    set("DMS_STORE", "sqlite");  // the Redis settings do not matter then
    EXPECT_TRUE(load().config.has_value());
}

TEST_F(ConfigLoaderTest, ShowConfigMasksRedisPasswords) {
    set("DMS_STORE", "redis");
    set("DMS_REDIS_WRITE_URL", "redis://:hunter2@redis:6379/1");
    LoadResult result = load({"--show-config"});
    EXPECT_EQ(result.output.find("hunter2"), std::string::npos) << result.output;
    auto shown = nlohmann::json::parse(result.output);
    EXPECT_EQ(shown["DMS_REDIS_WRITE_URL"], "redis://:********@redis:6379/1");
    EXPECT_EQ(shown["DMS_REDIS_READ_URL"], "redis://:********@redis:6379/1") << "reads default to the write URL";
}

TEST_F(ConfigLoaderTest, HelpListsTheVariables) {
    LoadResult result = load({"--help"});
    EXPECT_FALSE(result.config);
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.output.find("DMS_PORT"), std::string::npos);
    EXPECT_NE(result.output.find("DMS_OPERATOR_TOKEN"), std::string::npos);
}

TEST_F(ConfigLoaderTest, ReadsRunningCapsAndTheSubmissionRate) {
    set("DMS_MAX_RUNNING_PER_USER", "2");
    set("DMS_SERVICE_MAX_RUNNING_PER_USER", "copy=5");
    set("DMS_SERVICE_MAX_RUNNING", "copy=8,sync=3");
    set("DMS_SUBMIT_RATE_PER_USER", "2.5");
    LoadResult result = load();
    ASSERT_TRUE(result.config) << result.error;
    ServicePolicy copy = result.config->policy_for("copy");
    EXPECT_EQ(copy.max_running, 8u);
    EXPECT_EQ(copy.max_running_per_user, 5u);
    ServicePolicy noop = result.config->policy_for("noop");
    EXPECT_EQ(noop.max_running, 0u) << "no cap unless set";
    EXPECT_EQ(noop.max_running_per_user, 2u);
    EXPECT_EQ(result.config->submit_rate_per_user, 2.5);
    EXPECT_EQ(result.config->submit_burst_per_user, 0) << "0: the rate rounded up";
}

TEST_F(ConfigLoaderTest, BadCapsAndRatesAreRefusedNamingTheSetting) {
    set("DMS_SERVICE_MAX_RUNNING", "copy=-1");
    expect_refused(load(), "DMS_SERVICE_MAX_RUNNING");
    ::unsetenv("DMS_SERVICE_MAX_RUNNING");
    set("DMS_SUBMIT_RATE_PER_USER", "-3");
    expect_refused(load(), "DMS_SUBMIT_RATE_PER_USER");
}

}  // namespace
}  // namespace dms::config
