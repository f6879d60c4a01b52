#include <gtest/gtest.h>

#include <regex>

#include <nlohmann/json.hpp>

#include "dmsctl_process.hpp"

namespace dms::test {
namespace {

TEST(DmsctlHostCommandsTest, ServeRunsDmsHostWithEveryArgumentAfterIt) {
    DmsctlRun run = run_dmsctl({"serve", "--version"}, {});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, std::string("dms-host ") + DMS_VERSION + "\n");
    DmsctlRun bad = run_dmsctl({"serve", "--no-such-flag"}, {});
    EXPECT_EQ(bad.exit_code, 2) << "dms-host's own exit code for a bad flag";
    EXPECT_NE(bad.err.find("dms-host: "), std::string::npos) << bad.err;
}

TEST(DmsctlHostCommandsTest, ShowConfigPrintsTheClientsAndTheHostsSettingsWithSecretsMasked) {
    DmsctlRun run = run_dmsctl({"--json", "show-config", "--port", "9123"}, {{"DMS_OPERATOR_TOKEN", "s3cret-value"}});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out.find("s3cret-value"), std::string::npos) << run.out;
    auto config = nlohmann::json::parse(run.out);
    EXPECT_EQ(config["dmsctl"]["api_base"], "http://127.0.0.1:8000/api/v1");
    EXPECT_EQ(config["dmsctl"]["api_base_from"], "default");
    EXPECT_EQ(config["dmsctl"]["operator_token"], "***");
    EXPECT_EQ(config["dms_host"]["config"]["DMS_PORT"], 9123);

    DmsctlRun prefixed = run_dmsctl({"show-config"}, {{"DMS_API_PREFIX", "/dms/v2"}});
    ASSERT_EQ(prefixed.exit_code, 0) << prefixed.err;
    EXPECT_NE(prefixed.out.find("http://127.0.0.1:8000/dms/v2 (default with DMS_API_PREFIX)"), std::string::npos)
        << prefixed.out;
    EXPECT_TRUE(std::regex_search(prefixed.out, std::regex("\n  DMS_API_PREFIX +/dms/v2\n"))) << prefixed.out;
}

}  // namespace
}  // namespace dms::test
