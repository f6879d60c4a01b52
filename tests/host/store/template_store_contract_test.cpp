// Contract cases: templates are stored, listed, changed and deleted; the earliest enabled one is found; fire creates
// an occurrence's task exactly once, atomically with advancing its template, and honours the overlap policy.
#include <atomic>
#include <thread>
#include <vector>

#include "store/store_error.hpp"
#include "template_store_contract.hpp"

namespace dms::store::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST_P(TemplateStoreContract, CreatedTemplatesAreReadListedChangedAndDeleted) {
    const task::Timestamp t0 = hour_start();
    Template first = create(hourly("tpl-1", t0));
    Template other_user = create(hourly("tpl-2", t0, "bob"));
    Template other_service = create(hourly("tpl-3", t0, "alice", "sync"));
    EXPECT_EQ(first.revision, 1);
    EXPECT_EQ(must_get("tpl-1"), first);
    EXPECT_FALSE(templates().get("tpl-none").has_value());

    EXPECT_EQ(templates().list({}).size(), 3u);
    auto alices_copies = templates().list({std::string("copy"), std::string("alice")});
    ASSERT_EQ(alices_copies.size(), 1u);
    EXPECT_EQ(alices_copies.front().template_id, "tpl-1");
    EXPECT_EQ(templates().list({std::nullopt, std::string("alice")}).size(), 2u);
    EXPECT_EQ(templates().list({std::string("copy"), std::nullopt}).size(), 2u);

    Template changed = first;
    changed.cron = "30 2 * * *";
    changed.time_zone = "Europe/Paris";
    changed.parameters = {{"source", "/elsewhere"}};
    changed.max_retries.reset();
    changed.timeout_seconds = 90.5;
    changed.overlap = OverlapPolicy::allow;
    changed.catch_up = CatchUpPolicy::run_once;
    changed.service = "ignored";  // the owner never changes
    changed.updated_at = first.updated_at + minutes(1);
    auto updated = templates().update(changed);
    ASSERT_TRUE(updated.has_value());
    EXPECT_EQ(updated->revision, 2);
    EXPECT_EQ(updated->service, "copy");
    EXPECT_EQ(updated->cron, "30 2 * * *");
    EXPECT_EQ(updated->time_zone, "Europe/Paris");
    EXPECT_EQ(updated->parameters, changed.parameters);
    EXPECT_FALSE(updated->max_retries.has_value());
    EXPECT_EQ(updated->timeout_seconds, 90.5);
    EXPECT_EQ(updated->overlap, OverlapPolicy::allow);
    EXPECT_EQ(updated->catch_up, CatchUpPolicy::run_once);
    EXPECT_EQ(updated->created_at, first.created_at);
    EXPECT_EQ(must_get("tpl-1"), *updated);

    Template missing = hourly("tpl-missing", t0);
    EXPECT_FALSE(templates().update(missing).has_value());

    EXPECT_TRUE(templates().remove("tpl-2"));
    EXPECT_FALSE(templates().remove("tpl-2"));
    EXPECT_FALSE(templates().get("tpl-2").has_value());
    EXPECT_EQ(templates().list({}).size(), 2u);
    (void)other_user;
    (void)other_service;
}

TEST_P(TemplateStoreContract, ATakenTemplateIdIsRefused) {
    create(hourly("tpl-1", hour_start()));
    Template again = hourly("tpl-1", hour_start(), "bob");
    EXPECT_THROW(templates().create(again), StoreError);
    EXPECT_EQ(must_get("tpl-1").user_id, "alice");
}

TEST_P(TemplateStoreContract, OnlyEnabledTemplatesAreDueEarliestFirst) {
    const task::Timestamp t0 = hour_start();
    EXPECT_FALSE(templates().earliest_next_run().has_value());
    create(hourly("later", t0 + hours(2)));
    create(hourly("sooner", t0 + hours(1)));
    Template off = hourly("off", t0);
    off.enabled = false;
    off.next_run_at.reset();
    create(off);

    EXPECT_EQ(templates().earliest_next_run(), t0 + hours(1));
    EXPECT_TRUE(templates().due(t0 + minutes(59), 10).empty());
    auto due = templates().due(t0 + hours(3), 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].template_id, "sooner");
    EXPECT_EQ(due[1].template_id, "later");
    EXPECT_EQ(templates().due(t0 + hours(3), 1).size(), 1u);

    Template disabled = must_get("sooner");
    disabled.enabled = false;
    disabled.next_run_at.reset();
    templates().update(disabled);
    EXPECT_EQ(templates().earliest_next_run(), t0 + hours(2));
    EXPECT_TRUE(templates().remove("later"));
    EXPECT_FALSE(templates().earliest_next_run().has_value());
}

TEST_P(TemplateStoreContract, FireCreatesTheTaskAndAdvancesTheTemplateOnce) {
    const task::Timestamp t0 = hour_start();
    create(hourly("tpl-1", t0));
    FireRequest request = next_occurrence("tpl-1", "task-1");
    FireResult result = templates().fire(request);
    ASSERT_EQ(result.outcome, FireOutcome::fired);
    ASSERT_TRUE(result.task.has_value());
    EXPECT_EQ(result.task->task_id, "task-1");
    EXPECT_EQ(result.task->template_id, "tpl-1");

    auto stored = tasks().get("task-1", 5);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->status, task::Status::queued);
    EXPECT_EQ(stored->template_id, "tpl-1");
    EXPECT_EQ(stored->service, "copy");
    EXPECT_EQ(stored->priority, task::Priority::mid);
    EXPECT_EQ(stored->max_retries, 2);
    ASSERT_EQ(stored->logs.size(), 1u);
    EXPECT_EQ(stored->logs.front().message, "By template");
    EXPECT_EQ(tasks().stats().totals["submitted"], 1);
    LeaseRequest lease{"host-a", task::now() + minutes(5), {"copy"}, {}};
    auto leased = tasks().lease_next(lease, "Task started");
    ASSERT_TRUE(leased.has_value()) << "a template's task waits in its queue like any other";
    EXPECT_EQ(leased->template_id, "tpl-1");

    Template advanced = must_get("tpl-1");
    EXPECT_EQ(advanced.next_run_at, t0 + hours(1));
    EXPECT_EQ(advanced.last_occurrence, t0);
    EXPECT_EQ(advanced.last_task_id, "task-1");
    EXPECT_EQ(advanced.revision, 1) << "a fire does not change the definition";

    request.task->task_id = "task-again";
    EXPECT_EQ(templates().fire(request).outcome, FireOutcome::lost) << "the same occurrence again";
    EXPECT_FALSE(tasks().get("task-again", 0).has_value());
    EXPECT_EQ(tasks().stats().totals["submitted"], 1);
}

TEST_P(TemplateStoreContract, AFireOfAChangedDisabledOrDeletedTemplateIsLost) {
    const task::Timestamp t0 = hour_start();
    create(hourly("tpl-1", t0));
    FireRequest stale = next_occurrence("tpl-1", "task-1");
    Template changed = must_get("tpl-1");
    changed.parameters = {{"source", "/new"}};
    templates().update(changed);
    EXPECT_EQ(templates().fire(stale).outcome, FireOutcome::lost) << "its definition changed since it was read";

    FireRequest current = next_occurrence("tpl-1", "task-2");
    Template disabled = must_get("tpl-1");
    disabled.enabled = false;
    disabled.next_run_at.reset();
    templates().update(disabled);
    current.revision = must_get("tpl-1").revision;
    EXPECT_EQ(templates().fire(current).outcome, FireOutcome::lost) << "disabled";

    create(hourly("tpl-2", t0));
    FireRequest gone = next_occurrence("tpl-2", "task-3");
    templates().remove("tpl-2");
    EXPECT_EQ(templates().fire(gone).outcome, FireOutcome::lost) << "deleted";
    EXPECT_EQ(tasks().stats().totals["submitted"], 0);
}

TEST_P(TemplateStoreContract, RacingCallersFireAnOccurrenceExactlyOnce) {
    create(hourly("tpl-1", hour_start()));
    const FireRequest request = next_occurrence("tpl-1", "unused");
    constexpr int kHosts = 8;
    // Each racer is a host of its own where the store is shared by hosts; otherwise threads of the one host.
    std::vector<std::unique_ptr<TaskStore>> task_stores;
    std::vector<std::unique_ptr<TemplateStore>> template_stores;
    for (int i = 0; i < kHosts; ++i) {
        auto other = GetParam().make(scratch_.path(), false);
        template_stores.push_back(make_template_store(other ? *other : tasks()));
        task_stores.push_back(std::move(other));
    }
    std::atomic<int> fired{0};
    std::atomic<int> lost{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> racers;
    for (int i = 0; i < kHosts; ++i) {
        racers.emplace_back([&, i] {
            FireRequest mine = request;
            mine.task->task_id = "task-of-host-" + std::to_string(i);
            while (!go) std::this_thread::yield();
            auto outcome = template_stores[static_cast<std::size_t>(i)]->fire(mine).outcome;
            (outcome == FireOutcome::fired ? fired : lost)++;
        });
    }
    go = true;
    for (std::thread& racer : racers) racer.join();
    EXPECT_EQ(fired, 1);
    EXPECT_EQ(lost, kHosts - 1);
    EXPECT_EQ(tasks().stats().totals["submitted"], 1);
    EXPECT_EQ(tasks().stats().by_status["queued"], 1);
    EXPECT_EQ(must_get("tpl-1").next_run_at, request.next_run_at);
}

TEST_P(TemplateStoreContract, OverlapSkipCreatesNoTaskWhileThePreviousOneIsOpen) {
    create(hourly("tpl-1", hour_start()));
    ASSERT_EQ(templates().fire(next_occurrence("tpl-1", "first")).outcome, FireOutcome::fired);

    FireResult while_queued = templates().fire(next_occurrence("tpl-1", "second"));
    EXPECT_EQ(while_queued.outcome, FireOutcome::overlap);
    EXPECT_FALSE(while_queued.task.has_value());
    EXPECT_FALSE(tasks().get("second", 0).has_value());
    Template skipped = must_get("tpl-1");
    EXPECT_EQ(skipped.last_task_id, "first") << "the open task stays the one to wait for";
    EXPECT_EQ(skipped.next_run_at, hour_start() + hours(2)) << "the template moved on all the same";

    LeaseRequest lease{"host-a", task::now() + minutes(5), {"copy"}, {}};
    auto running = tasks().lease_next(lease, "Task started");
    ASSERT_TRUE(running.has_value());
    EXPECT_EQ(templates().fire(next_occurrence("tpl-1", "third")).outcome, FireOutcome::overlap) << "while running";

    tasks().finish(Fence{running->task_id, running->attempts}, task::Event::succeed, nlohmann::json::object(), "Done");
    EXPECT_EQ(templates().fire(next_occurrence("tpl-1", "fourth")).outcome, FireOutcome::fired) << "once it ended";
    EXPECT_EQ(must_get("tpl-1").last_task_id, "fourth");
}

TEST_P(TemplateStoreContract, OverlapAllowCreatesATaskEveryOccurrence) {
    Template allowing = hourly("tpl-1", hour_start());
    allowing.overlap = OverlapPolicy::allow;
    create(allowing);
    EXPECT_EQ(templates().fire(next_occurrence("tpl-1", "first")).outcome, FireOutcome::fired);
    EXPECT_EQ(templates().fire(next_occurrence("tpl-1", "second")).outcome, FireOutcome::fired);
    EXPECT_EQ(tasks().stats().by_status["queued"], 2);
}

TEST_P(TemplateStoreContract, APassedOccurrenceAdvancesWithoutATaskAndAnEndedScheduleDisables) {
    const task::Timestamp t0 = hour_start();
    create(hourly("tpl-1", t0));
    FireResult passed = templates().fire(next_occurrence("tpl-1", ""));
    EXPECT_EQ(passed.outcome, FireOutcome::passed);
    EXPECT_EQ(tasks().stats().totals["submitted"], 0);
    Template moved = must_get("tpl-1");
    EXPECT_EQ(moved.next_run_at, t0 + hours(1));
    EXPECT_EQ(moved.last_occurrence, t0);
    EXPECT_TRUE(moved.last_task_id.empty());

    FireRequest last = next_occurrence("tpl-1", "final");
    last.next_run_at.reset();
    EXPECT_EQ(templates().fire(last).outcome, FireOutcome::fired);
    Template ended = must_get("tpl-1");
    EXPECT_FALSE(ended.enabled);
    EXPECT_FALSE(ended.next_run_at.has_value());
    EXPECT_FALSE(templates().earliest_next_run().has_value());
    EXPECT_TRUE(templates().due(t0 + hours(10), 10).empty());
}

}  // namespace
}  // namespace dms::store::test
