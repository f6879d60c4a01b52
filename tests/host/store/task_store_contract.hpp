#pragma once

// The contract every TaskStore must keep, written against the interface only. A backend's test binary compiles
// the task_store_contract_*_test.cpp files and instantiates the suite once with its own factory:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, TaskStoreContract, ::testing::Values(StoreFactory{"sqlite", make_store}),
//                            StoreFactoryName{});

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/task_store.hpp"
#include "task/task.hpp"

namespace dms::store::test {

// Makes a fresh, empty store; the store owns whatever it needs (a temp file, a database number).
struct StoreFactory {
    std::string name;
    std::function<std::unique_ptr<TaskStore>()> make;
    // Closes a store made by `make` and opens a new one on the same data, as a restarted host would.
    std::function<std::unique_ptr<TaskStore>(std::unique_ptr<TaskStore>)> reopen;
};

inline void PrintTo(const StoreFactory& factory, std::ostream* out) { *out << factory.name; }

// Names each instantiation after its backend in the test output.
struct StoreFactoryName {
    std::string operator()(const ::testing::TestParamInfo<StoreFactory>& info) const { return info.param.name; }
};

// One fresh store per test, plus short ways to submit and lease.
class TaskStoreContract : public ::testing::TestWithParam<StoreFactory> {
protected:
    static constexpr std::string_view kQueuedLog = "Task queued";
    static constexpr std::string_view kStartedLog = "Task started";
    static constexpr std::string_view kRetryLog = "Attempt failed; retrying";

    void SetUp() override { store_ = GetParam().make(); }

    TaskStore& store() { return *store_; }

    // Closes the store and opens it again on the same data: what survives this survives a restart.
    void reopen() { store_ = GetParam().reopen(std::move(store_)); }

    static task::Task make_task(std::string task_id, std::string service = "copy", std::string user_id = "alice",
                                task::Priority priority = task::Priority::low) {
        task::Task task;
        task.task_id = std::move(task_id);
        task.service = std::move(service);
        task.user_id = std::move(user_id);
        task.priority = priority;
        task.parameters = {{"source", "/in"}, {"count", 3}};
        task.created_at = task::now();
        return task;
    }

    // Submits one task on its own and returns it as stored (with its seq).
    task::Task submit(std::string task_id, task::Priority priority = task::Priority::low, std::string service = "copy",
                      std::string user_id = "alice") {
        task::Task task = make_task(std::move(task_id), std::move(service), std::move(user_id), priority);
        store().submit(std::span(&task, 1), kQueuedLog);
        return task;
    }

    std::optional<task::Task> lease(std::vector<std::string> services = {"copy"}, std::string host = "host-a",
                                    std::chrono::microseconds lease_for = std::chrono::minutes(5)) {
        LeaseRequest request{std::move(host), task::now() + lease_for, std::move(services), {}};
        return store().lease_next(request, kStartedLog);
    }

    // Leases until the queue of these services is empty and returns the ids in the order they came.
    std::vector<std::string> lease_all(std::vector<std::string> services = {"copy"}) {
        std::vector<std::string> ids;
        while (auto task = lease(services)) ids.push_back(task->task_id);
        return ids;
    }

    // A lease request as a worker sends it at time `now`: retrying tasks due by then may be taken.
    static LeaseRequest lease_request_at(task::Timestamp now, std::vector<std::string> services = {"copy"},
                                         std::string host = "host-a") {
        LeaseRequest request{std::move(host), now + std::chrono::hours(1), std::move(services), {}};
        request.now = now;
        return request;
    }

    std::optional<task::Task> lease_at(task::Timestamp now, std::string host = "host-a") {
        return store().lease_next(lease_request_at(now, {"copy"}, std::move(host)), kStartedLog);
    }

    // For a test that needs a task leased: a failure, and an empty task, when nothing was.
    task::Task must_lease(std::vector<std::string> services = {"copy"}, std::string host = "host-a",
                          std::chrono::microseconds lease_for = std::chrono::minutes(5)) {
        auto task = lease(std::move(services), std::move(host), lease_for);
        if (!task) ADD_FAILURE() << "nothing was leased";
        return task.value_or(task::Task{});
    }

    task::Task must_lease_at(task::Timestamp now, std::string host = "host-a") {
        auto task = lease_at(now, std::move(host));
        if (!task) ADD_FAILURE() << "nothing was leased at " << now.time_since_epoch().count();
        return task.value_or(task::Task{});
    }

    // Leases one by one at time `now` until nothing is left to take; the ids in the order they came.
    std::vector<std::string> lease_all_at(task::Timestamp now) {
        std::vector<std::string> ids;
        while (auto task = lease_at(now)) ids.push_back(task->task_id);
        return ids;
    }

    static Fence fence_of(const task::Task& task) { return Fence{task.task_id, task.attempts}; }

    static std::vector<std::string> leased_ids(const std::vector<task::Task>& tasks) {
        std::vector<std::string> ids;
        for (const task::Task& task : tasks) ids.push_back(task.task_id);
        return ids;
    }

    // Ends a running attempt with a retry no earlier than `not_before`.
    ChangeResult retry(const task::Task& running, task::Timestamp not_before,
                       nlohmann::json result = {{"error", "disk full"}}) {
        return store().finish(FinishRequest{fence_of(running), task::Event::retry, std::move(result),
                                            std::string(kRetryLog), not_before, true});
    }

    task::Task must_get(const std::string& task_id, std::size_t log_tail = 0) {
        auto task = store().get(task_id, log_tail);
        if (!task) ADD_FAILURE() << "no task " << task_id;
        return task.value_or(task::Task{});
    }

    std::unique_ptr<TaskStore> store_;
};

}  // namespace dms::store::test
