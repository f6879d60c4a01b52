// Contract cases: listings, pagination, log tails and users.
#include <set>
#include <stdexcept>

#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

using task::Priority;
using task::Status;
using Ids = std::vector<std::string>;

Ids ids_of(const TaskPage& page) {
    Ids ids;
    for (const task::Task& task : page.tasks) ids.push_back(task.task_id);
    return ids;
}

ListQuery query(std::size_t limit = 100) {
    ListQuery query;
    query.limit = limit;
    return query;
}

TEST_P(TaskStoreContract, ListIsNewestFirstAndHonoursEveryFilter) {
    // Alice's half share puts bob's high task, whose fair key would otherwise tie with hers, first on both stores.
    store().set_fair_shares(FairShares({{"alice", 0.5}}));
    submit("copy-alice-low", Priority::low, "copy", "alice");
    submit("copy-bob-high", Priority::high, "copy", "bob");
    submit("scan-alice-mid", Priority::mid, "scan", "alice");
    submit("copy-alice-high", Priority::high, "copy", "alice");
    ASSERT_EQ(lease({"copy"})->task_id, "copy-bob-high");

    EXPECT_EQ(ids_of(store().list(query())),
              (Ids{"copy-alice-high", "scan-alice-mid", "copy-bob-high", "copy-alice-low"}));
    ListQuery by_service = query();
    by_service.service = "copy";
    EXPECT_EQ(ids_of(store().list(by_service)), (Ids{"copy-alice-high", "copy-bob-high", "copy-alice-low"}));
    ListQuery by_user = query();
    by_user.user_id = "alice";
    EXPECT_EQ(ids_of(store().list(by_user)), (Ids{"copy-alice-high", "scan-alice-mid", "copy-alice-low"}));
    ListQuery by_status = query();
    by_status.status = Status::running;
    EXPECT_EQ(ids_of(store().list(by_status)), (Ids{"copy-bob-high"}));
    ListQuery by_priority = query();
    by_priority.priority = Priority::high;
    EXPECT_EQ(ids_of(store().list(by_priority)), (Ids{"copy-alice-high", "copy-bob-high"}));
    ListQuery combined = query();
    combined.service = "copy";
    combined.user_id = "alice";
    combined.status = Status::queued;
    combined.priority = Priority::low;
    EXPECT_EQ(ids_of(store().list(combined)), (Ids{"copy-alice-low"}));
    ListQuery none = query();
    none.user_id = "nobody";
    EXPECT_TRUE(store().list(none).tasks.empty());
    EXPECT_FALSE(store().list(none).next_cursor.has_value());
}

// Walks every page of a listing and returns the ids in order; fails if the walk does not end.
Ids walk(TaskStore& store, ListQuery query, int* pages) {
    Ids ids;
    *pages = 0;
    for (int guard = 0; guard < 100; ++guard) {
        TaskPage page = store.list(query);
        ++*pages;
        EXPECT_LE(page.tasks.size(), query.limit);
        for (const task::Task& task : page.tasks) ids.push_back(task.task_id);
        if (!page.next_cursor) return ids;
        query.cursor = page.next_cursor;
    }
    ADD_FAILURE() << "pagination never ended";
    return ids;
}

TEST_P(TaskStoreContract, CursorPaginationVisitsEveryTaskExactlyOnce) {
    Ids expected;
    for (int i = 0; i < 23; ++i) {
        std::string id = "t" + std::to_string(i);
        submit(id, i % 3 == 0 ? Priority::high : Priority::low, i % 2 == 0 ? "copy" : "scan");
        expected.insert(expected.begin(), id);
    }
    int pages = 0;
    EXPECT_EQ(walk(store(), query(5), &pages), expected);
    EXPECT_EQ(pages, 5);

    ListQuery copies = query(4);
    copies.service = "copy";
    Ids copy_ids = walk(store(), copies, &pages);
    EXPECT_EQ(copy_ids.size(), 12u);
    EXPECT_EQ(std::set<std::string>(copy_ids.begin(), copy_ids.end()).size(), 12u);
    EXPECT_GE(pages, 3);
}

TEST_P(TaskStoreContract, APageThatIsNotFullHasNoCursor) {
    submit("t1");
    submit("t2");
    EXPECT_FALSE(store().list(query(3)).next_cursor.has_value());
    EXPECT_TRUE(store().list(query(1)).next_cursor.has_value());
}

TEST_P(TaskStoreContract, AMalformedCursorIsRejected) {
    submit("t1");
    for (const char* cursor : {"not a cursor", "%%%", "c", "-5"}) {
        ListQuery bad = query();
        bad.cursor = cursor;
        EXPECT_THROW(store().list(bad), std::invalid_argument) << cursor;
    }
}

TEST_P(TaskStoreContract, LogTailReturnsTheLatestLinesOldestFirst) {
    submit("t1");
    task::Task running = *lease();
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(store().append_log(fence_of(running), "line " + std::to_string(i)));

    task::Task tail = must_get("t1", 3);
    ASSERT_EQ(tail.logs.size(), 3u);
    EXPECT_EQ(tail.logs[0].message, "line 3");
    EXPECT_EQ(tail.logs[2].message, "line 5");
    EXPECT_LE(tail.logs[0].at, tail.logs[2].at);
    EXPECT_EQ(tail.log_count, 7);

    EXPECT_TRUE(must_get("t1", 0).logs.empty());
    EXPECT_EQ(must_get("t1", 0).log_count, 7);
    task::Task all = must_get("t1", 100);
    ASSERT_EQ(all.logs.size(), 7u);
    EXPECT_EQ(all.logs[0].message, kQueuedLog);
    EXPECT_EQ(all.logs[1].message, kStartedLog);

    ListQuery listed = query();
    listed.log_tail = 2;
    TaskPage page = store().list(listed);
    ASSERT_EQ(page.tasks.size(), 1u);
    ASSERT_EQ(page.tasks[0].logs.size(), 2u);
    EXPECT_EQ(page.tasks[0].logs[1].message, "line 5");
    EXPECT_EQ(page.tasks[0].log_count, 7);
}

TEST_P(TaskStoreContract, UsersOfAServiceAreDistinctAndSorted) {
    submit("t1", Priority::low, "copy", "carol");
    submit("t2", Priority::low, "copy", "alice");
    submit("t3", Priority::low, "copy", "carol");
    submit("t4", Priority::low, "scan", "bob");
    EXPECT_EQ(store().users_of("copy"), (Ids{"alice", "carol"}));
    EXPECT_EQ(store().users_of("scan"), (Ids{"bob"}));
    EXPECT_TRUE(store().users_of("none").empty());
}

}  // namespace
}  // namespace dms::store::test
