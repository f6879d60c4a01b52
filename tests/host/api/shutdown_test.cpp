#include <gtest/gtest.h>

#include <thread>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// While the host shuts down (a running task holds it in its grace period), a client still connected is
// told so: 503 shutting_down, and nothing is queued.
TEST(ShutdownRefusalTest, SubmissionsDuringShutdownAre503ShuttingDown) {
    TestHost host([](config::Config& config, const std::filesystem::path&) { config.shutdown_grace_seconds = 3; });
    std::string id = host.submit("sleep", "alice", "seconds=1")["task_id"];
    host.wait_for_progress("sleep", "alice", id, "sleeping");  // in its plugin, so it holds the grace period
    HttpClient client(host.port());
    ASSERT_EQ(client.get("/healthz").status, 200u);  // connected before the listener closes

    std::thread stopper([&] { host.shutdown(); });
    Response last;
    bool refused = wait_until(
        [&] {
            try {
                last = client.post(tasks_path("noop", "bob"));
            } catch (const std::exception&) {
                return false;
            }
            return last.status == 503;
        },
        3s, 5ms);
    stopper.join();
    EXPECT_TRUE(refused) << last.describe();
    EXPECT_EQ(last.error_code(), "shutting_down") << last.describe();
}

}  // namespace
}  // namespace dms::test
