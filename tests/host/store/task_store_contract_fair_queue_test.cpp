// Contract cases: users take turns within a priority (weighted by shares, FIFO within a user), positions match the
// lease order, and bounded wait lets an old low task past a stream of high ones. Checked by lease order and counts.
#include <algorithm>
#include <cstdio>

#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Event;
using task::Priority;

std::string numbered(const std::string& prefix, int n) {
    char text[16];
    std::snprintf(text, sizeof text, "%03d", n);
    return prefix + text;
}

std::size_t index_of(const std::vector<std::string>& ids, const std::string& id) {
    return static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
}

TEST_P(TaskStoreContract, UsersTakeTurnsAndANewcomerWaitsBehindAboutOneTask) {
    for (int i = 0; i < 100; ++i) submit(numbered("a-", i), Priority::low, "copy", "alice");
    submit("b", Priority::low, "copy", "bob");
    submit("c", Priority::low, "copy", "carol");
    EXPECT_LE(store().queue_position("b"), 2);
    EXPECT_LE(store().queue_position("c"), 2);
    auto order = lease_all();
    ASSERT_EQ(order.size(), 102u);
    EXPECT_LE(index_of(order, "b"), 2u) << "bob waits behind at most alice's first task and carol's";
    EXPECT_LE(index_of(order, "c"), 2u);
    std::vector<std::string> alice;
    for (const std::string& id : order) {
        if (id.starts_with("a-")) alice.push_back(id);
    }
    EXPECT_TRUE(std::is_sorted(alice.begin(), alice.end())) << "one user's tasks stay first in, first out";
}

TEST_P(TaskStoreContract, SharesWeighTheTurns) {
    store().set_fair_shares(FairShares({{"alice", 2}, {"bob", 1}}));
    for (int i = 0; i < 30; ++i) {
        submit(numbered("a-", i), Priority::mid, "copy", "alice");
        submit(numbered("b-", i), Priority::mid, "copy", "bob");
    }
    auto order = lease_all();
    ASSERT_EQ(order.size(), 60u);
    auto first = std::vector<std::string>(order.begin(), order.begin() + 30);
    auto alice = std::count_if(first.begin(), first.end(), [](const std::string& id) { return id.starts_with("a-"); });
    EXPECT_GE(alice, 19) << "a share of 2 against 1 takes two turns in three";
    EXPECT_LE(alice, 21);
}

TEST_P(TaskStoreContract, ARequeuedTaskReturnsToItsPlaceAmongTheTurns) {
    submit("a-1", Priority::low, "copy", "alice");
    submit("a-2", Priority::low, "copy", "alice");
    submit("b-1", Priority::low, "copy", "bob");
    task::Task first = must_lease();
    ASSERT_EQ(first.task_id, "a-1");
    ASSERT_EQ(store().finish(fence_of(first), Event::requeue, nullptr, "requeued").change, Change::applied);
    EXPECT_EQ(store().queue_position("a-1"), 0);
    auto order = lease_all();
    ASSERT_EQ(order.size(), 3u);
    EXPECT_EQ(order.front(), "a-1");
    EXPECT_LT(index_of(order, "b-1"), index_of(order, "a-2")) << "bob's turn comes before alice's second";
}

TEST_P(TaskStoreContract, EveryPositionIsTheIndexOfItsLease) {
    store().set_fair_shares(FairShares({{"carol", 0.5}}));
    const char* users[] = {"alice", "alice", "alice", "bob", "carol", "alice", "bob", "dave"};
    const Priority priorities[] = {Priority::low, Priority::mid, Priority::high};
    std::vector<std::string> ids;
    for (int i = 0; i < 48; ++i) {
        ids.push_back(numbered("t-", i));
        submit(ids.back(), priorities[i % 3], i % 4 == 0 ? "scan" : "copy", users[i % 8]);
    }
    std::map<std::string, std::int64_t> positions;
    for (const std::string& id : ids) positions[id] = store().queue_position(id).value_or(-1);
    auto order = lease_all({"copy", "scan"});
    ASSERT_EQ(order.size(), ids.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        EXPECT_EQ(positions[order[i]], static_cast<std::int64_t>(i)) << order[i];
    }
}

TEST_P(TaskStoreContract, TheFairClockSurvivesAReopen) {
    for (int i = 0; i < 6; ++i) submit(numbered("a-", i), Priority::low, "copy", "alice");
    for (int i = 0; i < 3; ++i) must_lease();
    reopen();
    submit("b", Priority::low, "copy", "bob");
    EXPECT_LE(store().queue_position("b"), 1) << "a newcomer joins at the clock, not at the start of time";
    EXPECT_GE(store().queue_position("b"), 0);
}

TEST_P(TaskStoreContract, ALowTaskThatOutwaitedItsBoundGoesBeforeHighOnes) {
    const task::Timestamp t0 = task::now();
    submit("old-low", Priority::low);
    submit("mid", Priority::mid);
    submit("high-1", Priority::high);
    submit("high-2", Priority::high);
    LeaseRequest request = lease_request_at(t0 + std::chrono::minutes(1));
    request.max_wait = {{Priority::low, std::chrono::minutes(10)}};
    auto taken = store().lease_next(request, kStartedLog);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->task_id, "high-1") << "within its bound, the low task keeps its place";

    request = lease_request_at(t0 + std::chrono::minutes(11));
    request.max_wait = {{Priority::low, std::chrono::minutes(10)}, {Priority::mid, std::chrono::hours(1)}};
    taken = store().lease_next(request, kStartedLog);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->task_id, "old-low") << "past its bound, it goes before high-2";
    EXPECT_EQ(lease_all(), (std::vector<std::string>{"high-2", "mid"}));
}

TEST_P(TaskStoreContract, OverdueTasksComeFirstInABatchAndKeepTheirOrder) {
    const task::Timestamp t0 = task::now();
    submit("low-1", Priority::low);
    submit("low-2", Priority::low);
    submit("high-1", Priority::high);
    LeaseRequest request = lease_request_at(t0 + std::chrono::minutes(5));
    request.max_wait = {{Priority::low, std::chrono::minutes(1)}};
    EXPECT_EQ(leased_ids(store().lease_batch(request, 3, kStartedLog)),
              (std::vector<std::string>{"low-1", "low-2", "high-1"}));
}

}  // namespace
}  // namespace dms::store::test
