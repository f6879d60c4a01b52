// The plugin built out of tree against the installed SDK (ctest fixture sdk_consumer) loads into a real
// dms-host and runs a task.
#include <gtest/gtest.h>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

TEST(SdkConsumerHostTest, TheOutOfTreeHelloPluginRunsATaskToCompletion) {
    std::filesystem::path hello = std::filesystem::path(DMS_SDK_CONSUMER_PLUGIN_DIR) / "libdms_hello.so";
    ASSERT_TRUE(std::filesystem::exists(hello)) << hello << " is missing: run the sdk_consumer_build test first";
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.plugin_dir = make_plugin_dir(dir.path() / "plugins", {hello, bundled_plugin("noop")});
    HostProcess host(options);
    HttpClient client(host.port());

    auto services = client.get("/api/v1/services").json()["services"];
    bool listed = false;
    for (const auto& service : services) {
        if (service["name"] != "hello") continue;
        listed = true;
        EXPECT_EQ(service["version"], "1.0.0");
        EXPECT_EQ(service["parameters"][0]["name"], "name");
    }
    EXPECT_TRUE(listed) << services.dump() << "\n" << host.log();

    std::string id = submit_task(client, "hello", "alice", "name=dms")["task_id"];
    auto task = wait_for_status(client, "hello", "alice", id, "completed");
    EXPECT_EQ(task["result"], nlohmann::json({{"greeting", "hello, dms"}})) << task.dump();
    EXPECT_TRUE(has_log_containing(task, "greeting dms")) << task.dump();

    Response refused = client.post(tasks_path("hello", "alice", "colour=red"));
    EXPECT_EQ(refused.status, 422u) << refused.describe();
    EXPECT_NE(refused.body.find("unknown parameter 'colour'"), std::string::npos) << refused.describe();
    EXPECT_EQ(host.terminate(), 0);
}

}  // namespace
}  // namespace dms::test
