#include <gtest/gtest.h>

#include <cstdlib>

#include "config/config_loader.hpp"

namespace dms::config {
namespace {

LoadResult load(std::vector<std::string> args) {
    ::unsetenv("DMS_AUTH_MODE");
    ::unsetenv("DMS_ALLOW_INSECURE");
    ::unsetenv("DMS_HOST");
    std::vector<const char*> argv{"dms-host"};
    for (const auto& arg : args) argv.push_back(arg.c_str());
    return load_config(static_cast<int>(argv.size()), argv.data());
}

TEST(AuthConfigTest, WithoutKeysTheHostListensOnLoopbackOnly) {
    for (std::string host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
        EXPECT_TRUE(load({"--host", host}).config) << host;
    }
    for (std::string host : {"0.0.0.0", "::", "10.1.2.3", "example.org"}) {
        LoadResult result = load({"--host", host});
        EXPECT_FALSE(result.config) << host;
        EXPECT_EQ(result.exit_code, 2);
        EXPECT_NE(result.error.find("--allow-insecure"), std::string::npos) << result.error;
        EXPECT_NE(result.error.find("DMS_AUTH_MODE=api-key"), std::string::npos) << result.error;
    }
}

TEST(AuthConfigTest, AllowInsecureOrKeysOpenOtherAddresses) {
    auto insecure = load({"--host", "0.0.0.0", "--allow-insecure"});
    ASSERT_TRUE(insecure.config) << insecure.error;
    EXPECT_TRUE(insecure.config->allow_insecure);
    auto keys = load({"--host", "0.0.0.0", "--auth-mode", "api-key"});
    ASSERT_TRUE(keys.config) << keys.error;
    EXPECT_EQ(keys.config->auth_mode, "api-key");
    ::setenv("DMS_ALLOW_INSECURE", "true", 1);
    std::vector<const char*> argv{"dms-host", "--host", "0.0.0.0"};
    EXPECT_TRUE(load_config(3, argv.data()).config);
    ::unsetenv("DMS_ALLOW_INSECURE");
}

TEST(AuthConfigTest, AnUnknownModeIsRefused) {
    LoadResult result = load({"--auth-mode", "apikey"});
    EXPECT_FALSE(result.config);
    EXPECT_NE(result.error.find("DMS_AUTH_MODE"), std::string::npos) << result.error;
    EXPECT_EQ(load({"--show-config", "--auth-mode", "api-key"}).output.find("\"DMS_AUTH_MODE\": \"api-key\"") ==
                  std::string::npos,
              false);
}

}  // namespace
}  // namespace dms::config
