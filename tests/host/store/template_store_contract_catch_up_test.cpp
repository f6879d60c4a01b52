// Contract cases through the scheduler's own step (TemplateScheduler::fire_due at chosen instants, no sleeps): an
// on-time occurrence fires once however often it is looked at, and occurrences missed while no host ran follow the
// template's catch-up policy; the schedulers of several hosts make each occurrence's task once.
#include <atomic>
#include <thread>
#include <vector>

#include "schedule/cron_schedule.hpp"
#include "schedule/occurrence_plan.hpp"
#include "schedule/template_scheduler.hpp"
#include "schedule/zoned_time_format.hpp"
#include "template_store_contract.hpp"

namespace dms::store::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_P(TemplateStoreContract, AnOnTimeOccurrenceFiresOnceHoweverOftenItIsSeen) {
    const task::Timestamp t0 = hour_start();
    create(hourly("tpl-1", t0));
    schedule::TemplateScheduler scheduler(templates(), tasks(), {});
    EXPECT_TRUE(scheduler.fire_due(t0 - seconds(1)).empty()) << "not yet";
    auto created = scheduler.fire_due(t0 + seconds(1));
    ASSERT_EQ(created.size(), 1u);
    EXPECT_TRUE(scheduler.fire_due(t0 + seconds(2)).empty());
    EXPECT_TRUE(scheduler.fire_due(t0 + minutes(59)).empty());

    auto task = tasks().get(created.front().task_id, 5);
    ASSERT_TRUE(task.has_value());
    EXPECT_EQ(task->template_id, "tpl-1");
    ASSERT_FALSE(task->logs.empty());
    const auto at = std::chrono::floor<seconds>(t0);
    EXPECT_EQ(task->logs.front().message, "Task queued by template tpl-1 for its occurrence " +
                                              schedule::format_in_zone(at, schedule::CronSchedule::find_zone("UTC")) +
                                              " (UTC)");
    EXPECT_EQ(must_get("tpl-1").next_run_at, t0 + hours(1));
}

TEST_P(TemplateStoreContract, CatchUpSkipPassesOverMissedOccurrencesToTheNextFutureOne) {
    const task::Timestamp t0 = hour_start();
    create(hourly("tpl-1", t0));  // catch_up skip is the default
    schedule::TemplateScheduler scheduler(templates(), tasks(), {});
    EXPECT_TRUE(scheduler.fire_due(t0 + hours(5) + minutes(10)).empty());
    Template after = must_get("tpl-1");
    EXPECT_EQ(after.next_run_at, t0 + hours(6));
    EXPECT_EQ(after.last_occurrence, t0 + hours(5));
    EXPECT_EQ(tasks().stats().totals["submitted"], 0);

    EXPECT_EQ(scheduler.fire_due(t0 + hours(6) + seconds(1)).size(), 1u) << "then it continues as usual";
}

TEST_P(TemplateStoreContract, CatchUpSkipAlsoPassesOverOneOccurrenceFoundTooLate) {
    const task::Timestamp t0 = hour_start();
    create(hourly("tpl-1", t0));
    schedule::TemplateScheduler scheduler(templates(), tasks(), {});
    EXPECT_TRUE(scheduler.fire_due(t0 + schedule::kOnTimeGrace + seconds(1)).empty());
    EXPECT_EQ(must_get("tpl-1").next_run_at, t0 + hours(1));
}

TEST_P(TemplateStoreContract, CatchUpRunOnceCreatesOneTaskForAllTheMissedOccurrences) {
    const task::Timestamp t0 = hour_start();
    Template catching_up = hourly("tpl-1", t0);
    catching_up.catch_up = CatchUpPolicy::run_once;
    create(catching_up);
    schedule::TemplateScheduler scheduler(templates(), tasks(), {});
    auto created = scheduler.fire_due(t0 + hours(5) + minutes(10));
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(tasks().stats().totals["submitted"], 1);
    auto task = tasks().get(created.front().task_id, 1);
    ASSERT_TRUE(task.has_value());
    EXPECT_NE(task->logs.front().message.find("catching up 6 missed occurrence(s)"), std::string::npos)
        << task->logs.front().message;
    Template after = must_get("tpl-1");
    EXPECT_EQ(after.last_occurrence, t0 + hours(5)) << "the task stands for the latest missed occurrence";
    EXPECT_EQ(after.next_run_at, t0 + hours(6));
    EXPECT_TRUE(scheduler.fire_due(t0 + hours(5) + minutes(11)).empty());
}

TEST_P(TemplateStoreContract, ABlockedUsersOccurrenceIsPassedOver) {
    const task::Timestamp t0 = hour_start();
    create(hourly("tpl-1", t0));
    tasks().set_user_block("alice", true);
    schedule::TemplateScheduler scheduler(templates(), tasks(), {});
    EXPECT_TRUE(scheduler.fire_due(t0 + seconds(1)).empty());
    EXPECT_EQ(must_get("tpl-1").next_run_at, t0 + hours(1));
    tasks().set_user_block("alice", false);
    EXPECT_EQ(scheduler.fire_due(t0 + hours(1)).size(), 1u);
}

TEST_P(TemplateStoreContract, SchedulersOfSeveralHostsCreateEachOccurrencesTaskOnce) {
    const task::Timestamp t0 = hour_start();
    constexpr int kTemplates = 20;
    constexpr int kHosts = 3;
    for (int i = 0; i < kTemplates; ++i) create(hourly("tpl-" + std::to_string(i), t0));
    // Each host has its own store handles where the store is shared by hosts; otherwise they share the one.
    std::vector<std::unique_ptr<TaskStore>> task_stores;
    std::vector<std::unique_ptr<TemplateStore>> template_stores;
    for (int i = 0; i < kHosts; ++i) {
        auto other = GetParam().make(scratch_.path(), false);
        template_stores.push_back(make_template_store(other ? *other : tasks()));
        task_stores.push_back(std::move(other));
    }
    std::atomic<std::size_t> created{0};
    std::vector<std::thread> hosts;
    for (int i = 0; i < kHosts; ++i) {
        hosts.emplace_back([&, i] {
            TaskStore& own_tasks =
                task_stores[static_cast<std::size_t>(i)] ? *task_stores[static_cast<std::size_t>(i)] : tasks();
            schedule::TemplateScheduler scheduler(*template_stores[static_cast<std::size_t>(i)], own_tasks, {});
            created += scheduler.fire_due(t0 + seconds(1)).size();
        });
    }
    for (std::thread& host : hosts) host.join();
    EXPECT_EQ(created, static_cast<std::size_t>(kTemplates));
    EXPECT_EQ(tasks().stats().totals["submitted"], kTemplates);
    for (const Template& fired : templates().list({})) {
        EXPECT_EQ(fired.next_run_at, t0 + hours(1)) << fired.template_id;
        EXPECT_FALSE(fired.last_task_id.empty()) << fired.template_id;
    }
}

}  // namespace
}  // namespace dms::store::test
