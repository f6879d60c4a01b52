// Several real dms-host processes over one real redis-server: hosts killed and restarted, and Redis itself
// restarted, while tasks are submitted through every host. No accepted task is lost, none runs in two places at
// once (the journal plugin's witness), and the stats agree with the tasks.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "attempt_journal.hpp"
#include "host_cluster.hpp"
#include "load_submitter.hpp"
#include "support/http_client.hpp"
#include "support/redis_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// Waits (bounded) until the load has had `count` submissions accepted.
void wait_for_accepted(const LoadSubmitter& load, int count) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (load.accepted_count() < count) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the load stalled at " << load.accepted_count();
        std::this_thread::sleep_for(1ms);
    }
}

// Every task in the store, by id, with its status, read page by page through `port`'s admin listing.
std::map<std::string, std::string> all_tasks(std::uint16_t port) {
    HttpClient client(port);
    std::map<std::string, std::string> tasks;
    std::string cursor;
    do {
        std::string path = std::string(kApi) + "/admin/tasks?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor);
        Response page = client.get(path, operator_headers());
        if (page.status != 200) throw std::runtime_error("listing failed: " + page.describe());
        const nlohmann::json body = page.json();  // kept: a loop over a temporary's member would dangle
        for (const auto& task : body["tasks"]) tasks[task["task_id"]] = task["status"];
        const auto& next = body["next_cursor"];
        cursor = next.is_null() ? "" : next.is_string() ? next.get<std::string>() : next.dump();
    } while (!cursor.empty());
    return tasks;
}

// Waits (bounded) until nothing is queued, running or retrying any more.
void wait_until_drained(std::uint16_t port) {
    HttpClient client(port);
    auto deadline = std::chrono::steady_clock::now() + 120s;
    for (;;) {
        Response stats = client.get(std::string(kApi) + "/admin/stats", operator_headers());
        if (stats.status == 200) {
            auto by_status = stats.json()["by_status"];
            if (by_status["queued"] == 0 && by_status["running"] == 0 && by_status["retrying"] == 0) return;
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "not drained: " << stats.body;
        }
        std::this_thread::sleep_for(50ms);
    }
}

// The end of every run: each accepted task and each task committed without an answer completed; no task ran twice
// at once; the stats count exactly the stored tasks.
void expect_every_task_completed_once_at_a_time(HostCluster& cluster, const std::vector<std::string>& accepted,
                                                 const std::filesystem::path& journal) {
    std::uint16_t port = cluster.live_ports().front();
    wait_until_drained(port);
    auto stored = all_tasks(port);
    for (const auto& id : accepted) {
        auto found = stored.find(id);
        ASSERT_NE(found, stored.end()) << "accepted task " << id << " was lost; " << stored.size() << " tasks stored";
        EXPECT_EQ(found->second, "completed") << id;
    }
    std::size_t completed = 0;
    for (const auto& [id, status] : stored) completed += status == "completed";
    EXPECT_EQ(completed, stored.size()) << "a task committed without an answer must complete too";

    auto problems = AttemptJournal::read(journal).problems(cluster.killed_at());
    EXPECT_TRUE(problems.empty()) << problems.size() << " problems, first: " << problems.front();

    HttpClient client(port);
    auto stats = client.get(std::string(kApi) + "/admin/stats", operator_headers()).json();
    EXPECT_EQ(stats["by_status"]["completed"], stored.size()) << stats.dump();
    EXPECT_EQ(stats["totals"]["submitted"], stored.size()) << stats.dump();
    EXPECT_EQ(stats["totals"]["completed"], stored.size()) << stats.dump();
}

TEST(MultiHostTest, ThreeHostsOneKilledAndOneRestartedLoseNothingAndNeverRunATaskTwiceAtOnce) {
    RedisServer redis;
    TempDir dir;
    const auto journal = dir.path() / "journal.log";
    HostCluster cluster(dir.path(), redis.url(), 3);
    LoadSubmitter load(cluster, journal, 2000, 6);

    wait_for_accepted(load, 700);
    cluster.kill9(0);  // in the middle of submissions, leases and runs
    wait_for_accepted(load, 1200);
    cluster.restart(1);
    auto accepted = load.finish();
    ASSERT_EQ(accepted.size(), 2000u);
    const pid_t killed_pid = cluster.killed_at().begin()->first;

    expect_every_task_completed_once_at_a_time(cluster, accepted, journal);
    std::set<std::string> unique(accepted.begin(), accepted.end());
    EXPECT_EQ(unique.size(), accepted.size());

    // Tasks cut off by the kill came back through the lease sweep of some host, with a log line naming host-0.
    HttpClient client(cluster.live_ports().front());
    const AttemptJournal witness = AttemptJournal::read(journal);
    for (const auto& attempt : witness.attempts()) {
        if (attempt.pid != killed_pid || attempt.end) continue;
        auto task = client.get(std::string(kApi) + "/admin/tasks/" + attempt.task_id, operator_headers()).json();
        // By a host's lease sweep, or by a host's start-up recovery, which also takes back expired leases.
        EXPECT_NE(task.dump().find("returned to its queue (lease held by host-0)"), std::string::npos)
            << task.dump();
    }
}

TEST(MultiHostTest, HostsRecoverByThemselvesWhenRedisRestartsInTheMiddle) {
    RedisServer redis(RedisServer::Options{"", true});  // appendonly, a sync per write
    TempDir dir;
    const auto journal = dir.path() / "journal.log";
    HostCluster cluster(dir.path(), redis.url(), 3);
    LoadSubmitter load(cluster, journal, 900, 3);

    wait_for_accepted(load, 300);
    redis.stop();
    for (std::uint16_t port : cluster.live_ports()) {
        EXPECT_EQ(HttpClient(port).get("/readyz").status, 503u) << "a host without its store is not ready";
    }
    redis.start();
    auto accepted = load.finish();
    ASSERT_EQ(accepted.size(), 900u);
    for (std::uint16_t port : cluster.live_ports()) {
        EXPECT_EQ(HttpClient(port).get("/readyz").status, 200u) << "every host is ready again without a restart";
    }
    expect_every_task_completed_once_at_a_time(cluster, accepted, journal);
}

TEST(MultiHostTest, CancelsAndBlocksMadeThroughOneHostReachTheOthers) {
    RedisServer redis;
    TempDir dir;
    const auto journal = dir.path() / "journal.log";
    HostCluster cluster(dir.path(), redis.url(), 1);
    HttpClient first(cluster.host(0).port());
    const std::string body = nlohmann::json{{"parameters", {{"journal", journal.string()}, {"ms", 60000}}}}.dump();
    const Headers json_body{{"content-type", "application/json"}};

    Response submitted = first.post(tasks_path("journal", "alice"), body, json_body);
    ASSERT_EQ(submitted.status, 202u) << submitted.describe();
    std::string id = submitted.json()["task_id"];
    wait_for_status(first, "journal", "alice", id, "running", 10s);
    // A second host joins after the first took the task: the cancel made there reaches the plugin on the first.
    HttpClient second(cluster.add_host().port());
    ASSERT_EQ(second.post(task_path("journal", id, "alice", "/cancel")).status, 200u);
    wait_for_status(first, "journal", "alice", id, "cancelled", 10s);
    auto attempts = AttemptJournal::read(journal).attempts();
    ASSERT_EQ(attempts.size(), 1u);
    EXPECT_EQ(attempts[0].pid, cluster.host(0).pid());
    EXPECT_TRUE(attempts[0].end.has_value()) << "the plugin saw the cancel and stopped";

    ASSERT_EQ(second.post(std::string(kApi) + "/admin/users/bob/block", "", operator_headers()).status, 200u);
    Response refused = first.post(tasks_path("journal", "bob"), body, json_body);
    EXPECT_EQ(refused.status, 503u) << refused.describe();
    EXPECT_EQ(refused.error_code(), "blocked");
}

}  // namespace
}  // namespace dms::test
