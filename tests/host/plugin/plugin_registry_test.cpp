// The registry over real .so files: the bundled plugins load, describe their services and validate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bundled_plugins.hpp"

#include <filesystem>
#include <thread>
#include <vector>

#include "plugin/plugin_registry.hpp"

namespace dms::plugin {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using test::bundled_noop_and_sleep;
const fs::path kCases = DMS_TEST_PLUGIN_DIR;

TEST(PluginRegistryTest, LoadsTheBundledNoopAndSleepPlugins) {
    const PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    EXPECT_TRUE(registry.refusals().empty());
    EXPECT_EQ(registry.plugin_count(), 2u);
    const std::vector<ServiceInfo> services = registry.services();
    ASSERT_EQ(services.size(), 2u);
    EXPECT_EQ(services[0].name, "noop");
    EXPECT_EQ(services[0].plugin_name, "noop");
    EXPECT_EQ(services[0].plugin_version, "1.0.0");
    EXPECT_EQ(services[1].name, "sleep");
    ASSERT_TRUE(services[1].parameters.is_array());
    EXPECT_EQ(services[1].parameters.at(0).at("name"), "seconds");
    EXPECT_EQ(services[1].parameters.at(0).at("required"), true);
    ASSERT_NE(registry.find("sleep"), nullptr);
    EXPECT_FALSE(registry.find("sleep")->description.empty());
    EXPECT_EQ(registry.find("copy"), nullptr);
}

TEST(PluginRegistryTest, ValidateReturnsThePluginsVerdict) {
    const PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    EXPECT_EQ(registry.validate("sleep", {{"seconds", "1.5"}}), std::nullopt);
    EXPECT_EQ(registry.validate("sleep", {{"seconds", 3}}), std::nullopt);
    EXPECT_EQ(registry.validate("noop", nlohmann::json::object()), std::nullopt);
    EXPECT_EQ(registry.validate("noop", {{"anything", "7"}}), std::nullopt);
    EXPECT_EQ(registry.validate("sleep", {{"seconds", "soon"}}),
              "parameter 'seconds' must be a number from 0 to 86400, got \"soon\"");
    // A refused value is described, never dumped whole: the message stays one short line.
    EXPECT_EQ(registry.validate("sleep", {{"seconds", nlohmann::json::array({1, 2, 3})}}),
              "parameter 'seconds' must be a number from 0 to 86400, got an array of 3 items");
    EXPECT_EQ(registry.validate("sleep", {{"seconds", std::string(100, 'x')}}),
              "parameter 'seconds' must be a number from 0 to 86400, got \"" + std::string(63, 'x') +
                  "... (102 chars)");
    EXPECT_EQ(registry.validate("sleep", {{"seconds", 1}, {"mode", "deep"}}),
              "unknown parameter 'mode'; sleep takes only 'seconds'");
    EXPECT_EQ(registry.validate("sleep", nlohmann::json::array()), "parameters must be a JSON object");
    EXPECT_EQ(registry.validate("copy", nlohmann::json::object()), "unknown service 'copy'");
}

TEST(PluginRegistryTest, ValidateTurnsAnyExceptionIntoAMessage) {
    const PluginRegistry registry = PluginRegistry::load_directory(kCases / "throws");
    ASSERT_EQ(registry.plugin_count(), 1u);
    EXPECT_EQ(registry.validate("throw_std", nlohmann::json::object()), std::nullopt);
    EXPECT_THAT(registry.validate("throw_std", {{"explode", 1}}).value_or(""), HasSubstr("unknown exception"));
    EXPECT_EQ(registry.validate("throw_std", {{"refuse", 1}}), "refused: {\"refuse\":1}");
}

TEST(PluginRegistryTest, ValidatesFromManyThreadsAtOnce) {
    const PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    std::vector<std::thread> threads;
    std::atomic<int> accepted{0};
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            for (int n = 0; n < 200; ++n) {
                if (!registry.validate("sleep", {{"seconds", std::to_string(n)}})) ++accepted;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(accepted, 8 * 200);
}

TEST(PluginRegistryTest, MovesKeepThePluginsLoaded) {
    PluginRegistry registry = PluginRegistry::load_directory(bundled_noop_and_sleep());
    PluginRegistry moved = std::move(registry);
    EXPECT_EQ(moved.plugin_count(), 2u);
    EXPECT_EQ(moved.validate("sleep", {{"seconds", 1}}), std::nullopt);
    registry = std::move(moved);
    EXPECT_EQ(registry.validate("sleep", {{"seconds", -1}}).has_value(), true);
}

}  // namespace
}  // namespace dms::plugin
