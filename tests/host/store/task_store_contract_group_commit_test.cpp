// Contract cases: many concurrent submissions sharing commits through a GroupCommitter.
#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "counting_store.hpp"
#include "store/group_commit.hpp"
#include "task_store_contract.hpp"

namespace dms::store::test {
namespace {

TEST_P(TaskStoreContract, ConcurrentSubmissionsThroughAGroupCommitterLandExactlyOnce) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 500;
    constexpr int kTotal = kThreads * kPerThread;
    CountingStore counting(store());
    std::mutex mutex;
    std::set<std::int64_t> seqs;
    std::set<std::string> ids;
    std::atomic<int> errors{0};
    {
        GroupCommitter committer(counting, std::string(kQueuedLog));
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    auto task = make_task("g" + std::to_string(t) + "-" + std::to_string(i));
                    committer.enqueue(std::move(task), [&](std::exception_ptr error, const task::Task& stored) {
                        if (error) ++errors;
                        std::lock_guard lock(mutex);
                        seqs.insert(stored.seq);
                        ids.insert(stored.task_id);
                    });
                }
            });
        }
        for (std::thread& thread : threads) thread.join();
    }  // the destructor drains and joins
    EXPECT_EQ(errors, 0);
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kTotal));
    EXPECT_EQ(seqs.size(), static_cast<std::size_t>(kTotal));
    EXPECT_EQ(seqs.count(0), 0u);
    EXPECT_EQ(counting.submitted_tasks, kTotal);
    EXPECT_LT(counting.submits, kTotal) << "submissions shared commits";
    EXPECT_EQ(store().stats().by_status.at("queued"), kTotal);
    task::Task sample = must_get("g3-250", 5);
    EXPECT_EQ(sample.log_count, 1);
    EXPECT_EQ(sample.logs.at(0).message, kQueuedLog);
}

TEST_P(TaskStoreContract, AFailedGroupCommitReachesEveryCaller) {
    CountingStore counting(store());
    counting.fail_submits = true;
    std::atomic<int> errors{0};
    {
        GroupCommitter committer(counting, std::string(kQueuedLog));
        for (int i = 0; i < 50; ++i) {
            committer.enqueue(make_task("f" + std::to_string(i)), [&](std::exception_ptr error, const task::Task&) {
                if (error) ++errors;
            });
        }
    }
    EXPECT_EQ(errors, 50);
    EXPECT_TRUE(store().list({}).tasks.empty());
}

TEST_P(TaskStoreContract, AGroupCommitWakesTheWorkersOncePerCommitBeforeAnyCallerHears) {
    CountingStore counting(store());
    std::atomic<int> wakes{0};
    std::atomic<int> heard_before_wake{0};
    {
        GroupCommitter committer(counting, std::string(kQueuedLog), [&] { ++wakes; });
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 100; ++i) {
                    committer.enqueue(make_task("w" + std::to_string(t) + "-" + std::to_string(i)),
                                      [&](std::exception_ptr, const task::Task&) {
                                          if (wakes == 0) ++heard_before_wake;
                                      });
                }
            });
        }
        for (std::thread& thread : threads) thread.join();
    }
    EXPECT_EQ(heard_before_wake, 0);
    EXPECT_EQ(wakes, counting.submits) << "one wake-up per commit, not per task";
    EXPECT_LT(wakes, 400);

    // Tasks waiting for a time wake nobody now: the dispatcher is told of their time instead.
    wakes = 0;
    {
        GroupCommitter committer(counting, std::string(kQueuedLog), [&] { ++wakes; });
        task::Task later = make_task("w-later");
        later.not_before = task::now() + std::chrono::hours(1);
        std::promise<void> done;
        committer.enqueue(std::move(later), [&](std::exception_ptr, const task::Task&) { done.set_value(); });
        done.get_future().wait();
    }
    EXPECT_EQ(wakes, 0);
    EXPECT_EQ(must_get("w-later").status, task::Status::scheduled);
}

TEST_P(TaskStoreContract, StoppingAGroupCommitterCommitsWhatIsPendingAndRefusesMore) {
    std::atomic<int> stored{0};
    GroupCommitter committer(store(), std::string(kQueuedLog), {}, 7);
    std::promise<void> first_done;
    committer.enqueue(make_task("s-first"), [&](std::exception_ptr, const task::Task&) { first_done.set_value(); });
    first_done.get_future().wait();
    for (int i = 0; i < 100; ++i) {
        committer.enqueue(make_task("s" + std::to_string(i)), [&](std::exception_ptr error, const task::Task& task) {
            if (!error && task.seq > 0) ++stored;
        });
    }
    committer.stop();
    EXPECT_EQ(stored, 100);
    EXPECT_EQ(store().stats().by_status.at("queued"), 101);
    EXPECT_THROW(committer.enqueue(make_task("late"), [](std::exception_ptr, const task::Task&) {}),
                 std::runtime_error);
    committer.stop();  // again: nothing happens
}

}  // namespace
}  // namespace dms::store::test
