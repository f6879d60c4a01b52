// TemplateScheduler's loop with an injected clock on a real SqliteStore: it fires what is due when started and when
// told of a change, and stops promptly. Instants are chosen, never raced; waits only bound how long a check may take.
#include "schedule/template_scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/sqlite_store.hpp"
#include "store/template_store_factory.hpp"
#include "support/temp_dir.hpp"
#include "support/test_host.hpp"

namespace dms::schedule {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

class TemplateSchedulerTest : public ::testing::Test {
 protected:
    store::Template hourly(std::string template_id, task::Timestamp next_run_at) {
        store::Template made;
        made.template_id = std::move(template_id);
        made.service = "copy";
        made.user_id = "alice";
        made.cron = "0 * * * *";
        made.time_zone = "UTC";
        made.overlap = store::OverlapPolicy::allow;  // nothing runs the tasks here
        made.next_run_at = next_run_at;
        made.created_at = made.updated_at = task::now();
        templates_->create(made);
        return made;
    }

    // The clock the scheduler reads: a fixed instant the test moves.
    TemplateSchedulerOptions options() {
        TemplateSchedulerOptions chosen;
        chosen.clock = [this] { return task::Timestamp(std::chrono::microseconds(now_micros_.load())); };
        chosen.max_retries = {{"copy", 4}};
        chosen.on_task_created = [this] { ++wakeups_; };
        return chosen;
    }

    void set_now(task::Timestamp at) { now_micros_ = at.time_since_epoch().count(); }

    std::int64_t submitted() { return tasks_.stats().totals["submitted"]; }

    const task::Timestamp t0_ = std::chrono::floor<hours>(task::now()) + hours(1);
    test::TempDir dir_;
    store::SqliteStore tasks_{dir_.path() / "dms.sqlite3"};
    std::unique_ptr<store::TemplateStore> templates_ = store::make_template_store(tasks_);
    std::atomic<std::int64_t> now_micros_{0};
    std::atomic<int> wakeups_{0};
};

TEST_F(TemplateSchedulerTest, ATaskTakesTheServicesRetriesWhenTheTemplateSetsNone) {
    hourly("tpl-1", t0_);
    TemplateScheduler scheduler(*templates_, tasks_, options());
    auto created = scheduler.fire_due(t0_);
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created.front().max_retries, 4);
    EXPECT_EQ(wakeups_, 1) << "the dispatcher is told of new work";
}

TEST_F(TemplateSchedulerTest, TheLoopFiresWhatIsDueAtItsClocksTimeAndAgainWhenTheClockMoves) {
    hourly("tpl-1", t0_);
    set_now(t0_ + seconds(1));
    TemplateScheduler scheduler(*templates_, tasks_, options());
    scheduler.start();
    EXPECT_TRUE(test::wait_until([&] { return submitted() == 1; }));
    set_now(t0_ + hours(1));
    scheduler.notify_changed();
    EXPECT_TRUE(test::wait_until([&] { return submitted() == 2; }));
    scheduler.stop();
    EXPECT_EQ(submitted(), 2);
}

TEST_F(TemplateSchedulerTest, ANewTemplateIsSeenAtOnceWhenTheSchedulerIsTold) {
    TemplateSchedulerOptions slow = options();
    slow.longest_sleep = std::chrono::hours(1);  // only a notification can wake it in time
    set_now(t0_);
    TemplateScheduler scheduler(*templates_, tasks_, std::move(slow));
    scheduler.start();
    hourly("tpl-1", t0_);
    scheduler.notify_changed();
    EXPECT_TRUE(test::wait_until([&] { return submitted() == 1; }));
    scheduler.stop();
}

TEST_F(TemplateSchedulerTest, StopEndsALongSleepAtOnce) {
    TemplateSchedulerOptions slow = options();
    slow.longest_sleep = std::chrono::hours(1);
    TemplateScheduler scheduler(*templates_, tasks_, std::move(slow));
    scheduler.start();
    auto started = std::chrono::steady_clock::now();
    scheduler.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace dms::schedule
