// QueueIndex: the in-memory queue order behind positions and leases.
#include "store/queue_index.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace dms::store {
namespace {

QueueChange add(std::string service, int priority, std::int64_t seq) {
    return {QueueChange::Kind::add, std::move(service), {priority, seq, seq}};  // fair key = seq: FIFO
}

QueueChange remove(std::string service, int priority, std::int64_t seq) {
    return {QueueChange::Kind::remove, std::move(service), {priority, seq, seq}};  // fair key = seq: FIFO
}

std::vector<std::int64_t> seqs(const std::vector<QueueKey>& keys) {
    std::vector<std::int64_t> out;
    for (QueueKey key : keys) out.push_back(key.seq);
    return out;
}

TEST(QueueIndexTest, PositionCountsEveryServiceByPriorityThenSeq) {
    QueueIndex index;
    std::vector<QueueChange> changes{add("copy", 2, 1), add("sync", 0, 2), add("copy", 1, 3), add("sync", 2, 4)};
    index.apply(changes);
    EXPECT_EQ(index.position({0, 2, 2}), 0);
    EXPECT_EQ(index.position({1, 3, 3}), 1);
    EXPECT_EQ(index.position({2, 1, 1}), 2);
    EXPECT_EQ(index.position({2, 4, 4}), 3);
    EXPECT_EQ(index.size(), 4u);
}

TEST(QueueIndexTest, HeadsMergeServicesAndHonourCaps) {
    QueueIndex index;
    std::vector<QueueChange> changes{add("copy", 1, 1), add("copy", 1, 2), add("copy", 1, 3), add("sync", 0, 4),
                                     add("sync", 2, 5)};
    index.apply(changes);
    std::vector<std::string> both{"copy", "sync"};
    EXPECT_EQ(seqs(index.heads(both, {}, 3)), (std::vector<std::int64_t>{4, 1, 2}));
    EXPECT_EQ(seqs(index.heads(both, {{"copy", 1}}, 5)), (std::vector<std::int64_t>{4, 1, 5}));
    std::vector<std::string> only_copy{"copy"};
    EXPECT_EQ(seqs(index.heads(only_copy, {}, 10)), (std::vector<std::int64_t>{1, 2, 3}));
    std::vector<std::string> unknown{"nothing"};
    EXPECT_TRUE(index.heads(unknown, {}, 10).empty());
    EXPECT_FALSE(index.any(unknown));
    EXPECT_TRUE(index.any(both));
}

TEST(QueueIndexTest, RemovalsAndPriorityMovesKeepTheOrder) {
    QueueIndex index;
    std::vector<QueueChange> changes{add("copy", 2, 1), add("copy", 2, 2), add("copy", 2, 3)};
    index.apply(changes);
    // Moving seq 3 to high priority: a remove under the old key and an add under the new one.
    std::vector<QueueChange> moves{remove("copy", 2, 3), add("copy", 0, 3), remove("copy", 2, 1)};
    index.apply(moves);
    EXPECT_EQ(index.position({0, 3, 3}), 0);
    EXPECT_EQ(index.position({2, 2, 2}), 1);
    EXPECT_EQ(index.size(), 2u);
    std::vector<QueueChange> unknown{remove("copy", 1, 99), remove("other", 0, 1)};
    index.apply(unknown);  // removing what is not there changes nothing
    EXPECT_EQ(index.size(), 2u);
}

TEST(QueueIndexTest, AssignReplacesEverythingWithKeysInAnyOrder) {
    QueueIndex index;
    std::vector<QueueChange> old{add("copy", 0, 100)};
    index.apply(old);
    index.assign({{"copy", {{2, 7, 7}, {0, 9, 9}, {2, 3, 3}}}, {"sync", {{1, 5, 5}}}});
    EXPECT_EQ(index.size(), 4u);
    std::vector<std::string> both{"copy", "sync"};
    EXPECT_EQ(seqs(index.heads(both, {}, 10)), (std::vector<std::int64_t>{9, 5, 3, 7}));
    EXPECT_EQ(index.position({2, 7, 7}), 3);
}

TEST(QueueIndexTest, FairKeysOrderWithinAPriorityAndPriorityHeadsMergeServices) {
    QueueIndex index;
    std::vector<QueueChange> changes{{QueueChange::Kind::add, "copy", {2, 3000, 1}},
                                     {QueueChange::Kind::add, "copy", {2, 1000, 2}},
                                     {QueueChange::Kind::add, "sync", {2, 2000, 3}},
                                     {QueueChange::Kind::add, "sync", {0, 9000, 4}}};
    index.apply(changes);
    std::vector<std::string> both{"copy", "sync"};
    EXPECT_EQ(seqs(index.heads(both, {}, 10)), (std::vector<std::int64_t>{4, 2, 3, 1}));
    EXPECT_EQ(index.position({2, 3000, 1}), 3);
    EXPECT_EQ(seqs(index.priority_heads(both, 2, 2)), (std::vector<std::int64_t>{2, 3}));
    EXPECT_TRUE(index.priority_heads(both, 1, 5).empty());
}

TEST(QueueIndexTest, PositionStaysExactAtAHundredThousandQueued) {
    QueueIndex index;
    std::vector<QueueChange> changes;
    for (std::int64_t seq = 1; seq <= 100'000; ++seq) changes.push_back(add(seq % 2 ? "copy" : "sync", 1, seq));
    index.apply(changes);
    EXPECT_EQ(index.position({1, 1, 1}), 0);
    EXPECT_EQ(index.position({1, 50'001, 50'001}), 50'000);
    EXPECT_EQ(index.position({0, 100'001, 100'001}), 0) << "a key not in the index counts what is before it";
}

}  // namespace
}  // namespace dms::store
