// examples/worker.py, the example external worker, run as a process against a real host over loopback.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

constexpr std::string_view kWorkerToken = "example-worker-token";

TestHost::Adjust with_transcode() {
    return [](config::Config& config, const std::filesystem::path&) {
        config.external_services = {"transcode"};
        config.worker_token = std::string(kWorkerToken);
    };
}

// Runs the example worker with `options`, then `--` and `command`; returns its exit status. A timeout bounds it.
int run_worker(TestHost& host, const std::string& options, const std::string& command) {
    std::string line = "timeout 60 env DMS_WORKER_TOKEN=" + std::string(kWorkerToken) + " " + DMS_PYTHON3 + " " +
                       DMS_EXAMPLE_WORKER + " --url http://127.0.0.1:" + std::to_string(host.port()) +
                       std::string(kApi) + " --service transcode --worker-id example " + options + " -- " + command;
    int status = std::system(line.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ExampleWorkerTest, RunsEachTaskWithItsParametersAndCompletesItWithTheCommandsOutput) {
    TestHost host(with_transcode());
    std::vector<std::string> ids;
    for (int n = 1; n <= 3; ++n) {
        ids.push_back(host.submit("transcode", "alice", "", R"({"parameters": {"n": )" + std::to_string(n) + "}}")["task_id"]);
    }
    std::string doubler = std::string(DMS_PYTHON3) +
                          " -c 'import json,sys; p=json.load(sys.stdin); print(json.dumps({\"doubled\": p[\"n\"] * 2}))'";
    ASSERT_EQ(run_worker(host, "--max-tasks 3 --poll-seconds 0.1", doubler), 0);
    for (int n = 1; n <= 3; ++n) {
        auto task = host.get_task("transcode", "alice", ids[n - 1]);
        EXPECT_EQ(task["status"], "completed") << task.dump();
        EXPECT_EQ(task["result"]["doubled"], n * 2) << task.dump();
        EXPECT_TRUE(has_log_containing(task, "external worker example")) << task.dump();
    }
}

TEST(ExampleWorkerTest, ACommandThatFailsForGoodFailsTheTaskWithItsStderr) {
    TestHost host(with_transcode());
    std::string id = host.submit("transcode", "alice", "", R"({"max_retries": 3})")["task_id"];
    ASSERT_EQ(run_worker(host, "--once", "sh -c 'echo unsupported codec >&2; exit 3'"), 0);
    auto task = host.get_task("transcode", "alice", id);
    EXPECT_EQ(task["status"], "failed") << task.dump();
    EXPECT_EQ(task["result"]["error"], "unsupported codec");
}

TEST(ExampleWorkerTest, WithNothingQueuedOnceLeavesAtOnce) {
    TestHost host(with_transcode());
    EXPECT_EQ(run_worker(host, "--once", "true"), 0);
}

}  // namespace
}  // namespace dms::test
