#include <gtest/gtest.h>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

// The environment of a host that would start fine, in `dir`.
std::map<std::string, std::string> good_env(const TempDir& dir) {
    return {{"DMS_PORT", "0"},
            {"DMS_DATA_DIR", (dir.path() / "data").string()},
            {"DMS_PLUGIN_DIR", DMS_BUNDLED_PLUGIN_DIR},
            {"DMS_OPERATOR_TOKEN", "test-token"},
            {"DMS_PORT_FILE", (dir.path() / "port").string()},
            {"DMS_LOG_JSON", "false"}};
}

TEST(CommandLineTest, VersionPrintsTheVersion) {
    TempDir dir;
    CommandResult result = run_host_command({"--version"}, {}, dir.path());
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.output, std::string("dms-host ") + DMS_VERSION + "\n");
}

TEST(CommandLineTest, ShowConfigMasksTheToken) {
    TempDir dir;
    auto env = good_env(dir);
    env["DMS_OPERATOR_TOKEN"] = "s3cr3t-from-env-93c1";
    env["DMS_TIMEZONE"] = "Europe/Paris";
    CommandResult result = run_host_command({"--show-config"}, env, dir.path());
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output.find("s3cr3t-from-env-93c1"), std::string::npos) << result.output;
    auto shown = nlohmann::json::parse(result.output, nullptr, false);
    ASSERT_FALSE(shown.is_discarded()) << result.output;
    EXPECT_EQ(shown["DMS_TIMEZONE"], "Europe/Paris");
    EXPECT_EQ(shown["DMS_OPERATOR_TOKEN"], "********");
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "data")) << "--show-config starts nothing";

    result = run_host_command({"--show-config", "--operator-token", "s3cr3t-from-flag-77aa"}, env, dir.path());
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output.find("s3cr3t-from-flag-77aa"), std::string::npos) << result.output;
}

TEST(CommandLineTest, AnUnknownTimeZoneStopsTheHostWithAClearMessage) {
    TempDir dir;
    auto env = good_env(dir);
    env["DMS_TIMEZONE"] = "Mars/Base";
    CommandResult result = run_host_command({}, env, dir.path());
    EXPECT_NE(result.exit_code, 0) << result.output;
    EXPECT_GT(result.exit_code, 0) << "a clean exit, not a crash: " << result.output;
    EXPECT_NE(result.output.find("Mars/Base"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("time zone"), std::string::npos) << result.output;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "port")) << "it never listened";
}

// A setting the loader can judge is refused before anything starts, with exit code 2.
TEST(CommandLineTest, BadSettingsExitWithCode2AndAMessage) {
    TempDir dir;
    for (const auto& [name, value] : std::map<std::string, std::string>{
             {"DMS_PORT", "eighty"}, {"DMS_LOG_LEVEL", "loud"}, {"DMS_SERVICE_CONCURRENCY", "sleep=0"}}) {
        auto env = good_env(dir);
        env[name] = value;
        CommandResult result = run_host_command({}, env, dir.path());
        EXPECT_EQ(result.exit_code, 2) << name << ": " << result.output;
        EXPECT_NE(result.output.find("dms-host: "), std::string::npos) << result.output;
    }
    EXPECT_EQ(run_host_command({"--bogus"}, good_env(dir), dir.path()).exit_code, 2);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "data"));
}

TEST(CommandLineTest, APortInUseStopsTheSecondHost) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    HostProcess first(options);
    TempDir other;
    auto env = good_env(other);
    env["DMS_PORT"] = std::to_string(first.port());
    CommandResult result = run_host_command({}, env, other.path());
    EXPECT_NE(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("cannot listen"), std::string::npos) << result.output;
    EXPECT_EQ(HttpClient(first.port()).get("/healthz").status, 200u);
}

TEST(CommandLineTest, TwoHostsCannotShareADataDirectory) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    HostProcess first(options);
    auto env = good_env(dir);
    CommandResult result = run_host_command({}, env, dir.path());
    EXPECT_NE(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("another dms-host"), std::string::npos) << result.output;
    EXPECT_EQ(HttpClient(first.port()).get("/healthz").status, 200u);
}

TEST(CommandLineTest, JsonLogsHaveOneLinePerRequest) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.env = {{"DMS_LOG_JSON", "true"}, {"DMS_LOG_LEVEL", "INFO"}};
    HostProcess host(options);
    EXPECT_EQ(HttpClient(host.port()).get("/api/v1/nothing-here").status, 404u);
    EXPECT_EQ(host.terminate(), 0);
    bool found = false;
    std::istringstream lines(host.log());
    for (std::string line; std::getline(lines, line);) {
        auto json = nlohmann::json::parse(line, nullptr, false);
        ASSERT_FALSE(json.is_discarded()) << "not a JSON line: " << line;
        ASSERT_TRUE(json.contains("level") && json.contains("message") && json.contains("time")) << line;
        std::string message = json["message"];
        if (message.find("GET /api/v1/nothing-here 404") != std::string::npos) {
            found = true;
            EXPECT_NE(message.find("ms"), std::string::npos) << "the duration is in the line: " << line;
        }
    }
    EXPECT_TRUE(found) << host.log();
}

}  // namespace
}  // namespace dms::test
