// The pure parts of the store's write steps, without a file.
#include "store/sqlite/task_writes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dms::store::sqlite::test {
namespace {

task::Task read_back(std::int64_t seq, task::Status status, std::string owner, int attempts) {
    task::Task task;
    task.seq = seq;
    task.task_id = "t" + std::to_string(seq);
    task.status = status;
    task.lease_owner = std::move(owner);
    task.attempts = attempts;
    return task;
}

StartedAttempt started(std::int64_t seq) { return {seq, "t" + std::to_string(seq), "copy", task::Priority::mid, 1}; }

TEST(KeepStartedTest, OnlyTheAttemptsTheLeaseStartedAndStillHoldsStay) {
    std::vector<task::Task> read{
        read_back(1, task::Status::running, "host-a", 1),  // as leased
        read_back(2, task::Status::running, "host-a", 2),  // requeued meanwhile and leased again by this host
        read_back(3, task::Status::running, "host-b", 2),  // requeued meanwhile and leased by another host
        read_back(4, task::Status::queued, "", 1),         // requeued meanwhile
        read_back(5, task::Status::running, "host-a", 1),  // not this lease's
    };
    keep_started(read, std::vector<StartedAttempt>{started(1), started(2), started(3), started(4)}, "host-a");
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0].seq, 1);
}

TEST(KeepStartedTest, EveryAttemptStaysWhenNothingChangedMeanwhile) {
    std::vector<task::Task> read{read_back(7, task::Status::running, "host-a", 1),
                                 read_back(9, task::Status::running, "host-a", 1)};
    keep_started(read, std::vector<StartedAttempt>{started(7), started(9)}, "host-a");
    ASSERT_EQ(read.size(), 2u);
    EXPECT_EQ(read[0].seq, 7);
    EXPECT_EQ(read[1].seq, 9);
}

}  // namespace
}  // namespace dms::store::sqlite::test
