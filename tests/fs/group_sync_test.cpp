// GroupSync: parallel batches share syncfs calls, and each caller's sync starts after its writes.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

#include "group_sync.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// A slow fake syncfs that records how many "writes" had ended when each sync started.
struct FakeFileSystem {
    std::atomic<int> writes{0};
    std::atomic<int> syncs{0};
    std::atomic<int> covered{0};  // writes the last finished sync covers
    int fail_from = 0;            // syncs from this number on fail (0: never)

    int sync(int) {
        const int number = ++syncs;
        const int seen = writes.load();
        std::this_thread::sleep_for(50ms);
        if (fail_from != 0 && number >= fail_from) return -EIO;
        covered = seen;
        return 0;
    }
};

TEST(GroupSyncTest, CallersWaitingTogetherShareOneSyncThatStartedAfterTheirWrites) {
    FakeFileSystem fs;
    fs::GroupSync group([&](int fd) { return fs.sync(fd); });
    constexpr int kThreads = 8;
    std::vector<std::thread> threads;
    std::atomic<int> uncovered{0};
    std::atomic<bool> go{false};
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            while (!go.load()) std::this_thread::yield();
            const int mine = ++fs.writes;
            EXPECT_EQ(group.sync(-1), 0);
            if (fs.covered.load() < mine) ++uncovered;
        });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(uncovered.load(), 0);
    EXPECT_GE(fs.syncs.load(), 1);
    EXPECT_LT(fs.syncs.load(), kThreads);  // shared: 8 callers arriving together need two or three
}

TEST(GroupSyncTest, ACallerArrivingDuringASyncWaitsForTheNextOne) {
    FakeFileSystem fs;
    fs::GroupSync group([&](int fd) { return fs.sync(fd); });
    std::thread first([&] { group.sync(-1); });
    while (fs.syncs.load() == 0) std::this_thread::yield();
    const int mine = ++fs.writes;  // written while the first sync runs
    EXPECT_EQ(group.sync(-1), 0);
    EXPECT_EQ(fs.syncs.load(), 2);
    EXPECT_GE(fs.covered.load(), mine);
    first.join();
}

TEST(GroupSyncTest, AFailedSyncIsReportedToItsCallersAndTheNextOneStartsClean) {
    FakeFileSystem fs;
    fs.fail_from = 1;
    fs::GroupSync group([&](int fd) { return fs.sync(fd); });
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            if (group.sync(-1) == -EIO) ++failed;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 4);  // the batches sync their files one by one instead
    fs.fail_from = 0;
    EXPECT_EQ(group.sync(-1), 0);
}

TEST(GroupSyncTest, TheDefaultSyncsTheRealFileSystem) {
    fs::GroupSync group;
    const int folder = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(folder, 0);
    EXPECT_EQ(group.sync(folder), 0);
    ::close(folder);
    EXPECT_EQ(group.sync(-1), -EBADF);
}

}  // namespace
}  // namespace dms::test
