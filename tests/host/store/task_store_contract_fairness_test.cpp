// Contract cases: paused services and caps on running tasks, counted in the store (so across hosts).
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Event;
using task::Priority;
using task::Status;

// A lease request for these services with running caps, as a worker of `host` sends it.
LeaseRequest capped_request(std::map<std::string, RunningCaps, std::less<>> caps,
                            std::vector<std::string> services = {"copy"}, std::string host = "host-a") {
    LeaseRequest request{std::move(host), task::now() + std::chrono::minutes(5), std::move(services), {}};
    request.running_caps = std::move(caps);
    return request;
}

TEST_P(TaskStoreContract, APausedServiceYieldsNothingAndOthersStillRun) {
    submit("c1", Priority::high, "copy");
    submit("s1", Priority::low, "scan");
    store().set_service_paused("copy", true);
    EXPECT_EQ(store().paused_services(), std::vector<std::string>{"copy"});
    // The paused service's task is ahead in queue order, yet the lease passes it over.
    EXPECT_EQ(lease_all({"copy", "scan"}), std::vector<std::string>{"s1"});
    EXPECT_EQ(must_get("c1").status, Status::queued);
    EXPECT_EQ(store().queue_position("c1"), 0);
}

TEST_P(TaskStoreContract, ResumingAServiceReleasesItsTasksInQueueOrder) {
    submit("c1", Priority::low, "copy");
    submit("c2", Priority::high, "copy");
    store().set_service_paused("copy", true);
    EXPECT_FALSE(lease({"copy"}));
    store().set_service_paused("copy", false);
    EXPECT_TRUE(store().paused_services().empty());
    EXPECT_EQ(lease_all({"copy"}), (std::vector<std::string>{"c2", "c1"}));
}

TEST_P(TaskStoreContract, PausingLetsARunningTaskFinish) {
    submit("c1");
    submit("c2");
    task::Task running = must_lease();
    store().set_service_paused("copy", true);
    EXPECT_EQ(store().finish(fence_of(running), Event::succeed, nullptr, "done").change, Change::applied);
    EXPECT_FALSE(lease());
    EXPECT_EQ(must_get("c2").status, Status::queued);
}

TEST_P(TaskStoreContract, PausedServicesSurviveAReopen) {
    store().set_service_paused("scan", true);
    store().set_service_paused("copy", true);
    store().set_service_paused("copy", true);  // twice is once
    reopen();
    EXPECT_EQ(store().paused_services(), (std::vector<std::string>{"copy", "scan"}));
    submit("c1");
    EXPECT_FALSE(lease());
}

TEST_P(TaskStoreContract, ADueRetryOfAPausedServiceWaitsForTheResume) {
    submit("c1");
    task::Task running = must_lease();
    auto due = task::now();
    ASSERT_EQ(retry(running, due).change, Change::applied);
    store().set_service_paused("copy", true);
    EXPECT_FALSE(store().lease_next(lease_request_at(due + std::chrono::seconds(1)), kStartedLog));
    store().set_service_paused("copy", false);
    auto again = store().lease_next(lease_request_at(due + std::chrono::seconds(1)), kStartedLog);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->task_id, "c1");
}

TEST_P(TaskStoreContract, AServiceCapCountsRunningTasksOfEveryHost) {
    for (int i = 1; i <= 4; ++i) submit("c" + std::to_string(i));
    auto caps = std::map<std::string, RunningCaps, std::less<>>{{"copy", {2, 0}}};
    auto first = store().lease_batch(capped_request(caps, {"copy"}, "host-a"), 1, kStartedLog);
    auto second = store().lease_batch(capped_request(caps, {"copy"}, "host-b"), 5, kStartedLog);
    EXPECT_EQ(leased_ids(first), std::vector<std::string>{"c1"});
    EXPECT_EQ(leased_ids(second), std::vector<std::string>{"c2"});
    EXPECT_TRUE(store().lease_batch(capped_request(caps, {"copy"}, "host-a"), 5, kStartedLog).empty());
    EXPECT_EQ(store().running_count("copy", "alice").service, 2);
    // One ends: one more may start, the next in queue order.
    ASSERT_EQ(store().finish(fence_of(first.front()), Event::succeed, nullptr, "done").change, Change::applied);
    EXPECT_EQ(leased_ids(store().lease_batch(capped_request(caps, {"copy"}, "host-b"), 5, kStartedLog)),
              std::vector<std::string>{"c3"});
}

TEST_P(TaskStoreContract, AUserAtTheirCapIsPassedOverAndOthersAreTaken) {
    submit("a1", Priority::low, "copy", "alice");
    submit("a2", Priority::low, "copy", "alice");
    submit("a3", Priority::low, "copy", "alice");
    submit("b1", Priority::low, "copy", "bob");
    submit("a4", Priority::low, "copy", "alice");
    submit("b2", Priority::low, "copy", "bob");
    auto caps = std::map<std::string, RunningCaps, std::less<>>{{"copy", {0, 1}}};
    // One batch: the first of each user, in queue order; the rest of their tasks wait.
    auto batch = store().lease_batch(capped_request(caps, {"copy"}, "host-a"), 10, kStartedLog);
    EXPECT_EQ(leased_ids(batch), (std::vector<std::string>{"a1", "b1"}));
    // Another host sees the same running tasks.
    EXPECT_TRUE(store().lease_batch(capped_request(caps, {"copy"}, "host-b"), 10, kStartedLog).empty());
    RunningCount alice = store().running_count("copy", "alice");
    EXPECT_EQ(alice.service, 2);
    EXPECT_EQ(alice.user, 1);
    ASSERT_EQ(store().finish(fence_of(batch.back()), Event::succeed, nullptr, "done").change, Change::applied);
    EXPECT_EQ(leased_ids(store().lease_batch(capped_request(caps, {"copy"}, "host-b"), 10, kStartedLog)),
              std::vector<std::string>{"b2"});
    EXPECT_EQ(must_get("a2").status, Status::queued);
}

TEST_P(TaskStoreContract, UserCapsCountWithinOneServiceOnly) {
    submit("a1", Priority::low, "copy", "alice");
    submit("s1", Priority::low, "scan", "alice");
    submit("a2", Priority::low, "copy", "alice");
    auto caps = std::map<std::string, RunningCaps, std::less<>>{{"copy", {0, 1}}, {"scan", {0, 1}}};
    auto batch = store().lease_batch(capped_request(caps, {"copy", "scan"}), 10, kStartedLog);
    EXPECT_EQ(leased_ids(batch), (std::vector<std::string>{"a1", "s1"}));
}

TEST_P(TaskStoreContract, CapsOfOneServiceLeaveAnotherUncapped) {
    submit("a1", Priority::low, "copy", "alice");
    submit("a2", Priority::low, "copy", "alice");
    submit("s1", Priority::low, "scan", "alice");
    submit("s2", Priority::low, "scan", "alice");
    auto caps = std::map<std::string, RunningCaps, std::less<>>{{"copy", {1, 0}}};
    auto batch = store().lease_batch(capped_request(caps, {"copy", "scan"}), 10, kStartedLog);
    EXPECT_EQ(leased_ids(batch), (std::vector<std::string>{"a1", "s1", "s2"}));
}

}  // namespace
}  // namespace dms::store::test
