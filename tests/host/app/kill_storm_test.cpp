// Crash recovery under load: the real dms-host killed with SIGKILL twenty times while clients submit and tasks run.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

struct Accepted {
    std::string service;
    std::string id;
};

// Submits up to `most` tasks (every tenth a short sleep, the rest noop) until the host goes away, keeping those
// that were answered 202.
void submit_until_killed(std::uint16_t port, int most, std::mutex& mutex, std::vector<Accepted>& accepted) {
    try {
        HttpClient client(port);
        for (int i = 0; i < most; ++i) {
            bool sleep = i % 10 == 0;
            std::string service = sleep ? "sleep" : "noop";
            Response response = client.post(tasks_path(service, "alice", sleep ? "seconds=0.05" : ""));
            if (response.status != 202) continue;
            std::lock_guard lock(mutex);
            accepted.push_back({service, response.json()["task_id"]});
        }
    } catch (const std::exception&) {
        // The host died mid-request: that submission got no answer, so nothing was promised.
    }
}

TEST(KillStormTest, TwentyKill9sUnderLoadLoseNoAcceptedTaskAndLeaveNoneRunning) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.env = {{"DMS_WORKER_COUNT", "2"}};
    std::mutex mutex;
    std::vector<Accepted> accepted;
    std::mt19937 random(20261203);
    for (int round = 0; round < 20; ++round) {
        HostProcess host(options);
        std::vector<std::thread> clients;
        for (int c = 0; c < 2; ++c) {
            clients.emplace_back([&, port = host.port()] { submit_until_killed(port, 60, mutex, accepted); });
        }
        // Killed at a different moment each round: during submissions, leases, runs or endings.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(20, 250)(random)));
        host.kill9();
        for (auto& client : clients) client.join();
    }
    ASSERT_GT(accepted.size(), 100u) << "the load never got going";

    HostProcess host(options);
    HttpClient client(host.port());
    for (const Accepted& task : accepted) {
        auto final_state = wait_for_status(client, task.service, "alice", task.id, "completed", 60s);
        ASSERT_EQ(final_state["status"], "completed") << "accepted task lost or stuck: " << final_state.dump();
    }
    // Tasks committed just before a kill but never answered may still be on their way: wait for them too.
    nlohmann::json stats;
    EXPECT_TRUE(wait_until([&] {
        stats = client.get("/api/v1/admin/stats", operator_headers()).json();
        return stats["by_status"]["running"] == 0 && stats["by_status"]["queued"] == 0;
    }, 30s)) << "tasks left running or queued: " << stats.dump();
    EXPECT_GE(stats["by_status"]["completed"].get<std::size_t>(), accepted.size()) << stats.dump();
    EXPECT_EQ(host.terminate(), 0);
}

}  // namespace
}  // namespace dms::test
