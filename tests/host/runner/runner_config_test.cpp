// DMS_RUNNER_PATH / --runner-path, and the default: the dms-runner of this build tree.
#include <stdlib.h>

#include <gtest/gtest.h>

#include "config/config_loader.hpp"

namespace dms::config {
namespace {

LoadResult load(std::vector<const char*> arguments = {}) {
    arguments.insert(arguments.begin(), "dms-host");
    return load_config(static_cast<int>(arguments.size()), arguments.data());
}

TEST(RunnerConfigTest, TheDefaultIsAnExecutableDmsRunner) {
    ::unsetenv("DMS_RUNNER_PATH");
    const LoadResult result = load();
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->runner_path.filename(), "dms-runner");
    EXPECT_TRUE(std::filesystem::is_regular_file(result.config->runner_path)) << result.config->runner_path;
    EXPECT_EQ(result.config->runner_path, std::filesystem::path(default_runner_path()));
}

TEST(RunnerConfigTest, TheVariableAndTheFlagNameAnotherAndShowConfigShowsIt) {
    ::setenv("DMS_RUNNER_PATH", "/opt/dms/bin/dms-runner", 1);
    LoadResult result = load();
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->runner_path, "/opt/dms/bin/dms-runner");
    result = load({"--runner-path", "/elsewhere/dms-runner"});
    ASSERT_TRUE(result.config) << result.error;
    EXPECT_EQ(result.config->runner_path, "/elsewhere/dms-runner");
    EXPECT_EQ(result.config->to_json()["DMS_RUNNER_PATH"], "/elsewhere/dms-runner");
    ::unsetenv("DMS_RUNNER_PATH");
}

}  // namespace
}  // namespace dms::config
