#include "stats_check.hpp"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace dms::store::test {

// The stats a store should report, counted here from a full listing of its tasks.
void expect_counts_match_tasks(TaskStore& store) {
    using task::Priority;
    using task::Status;
    ListQuery all;
    all.limit = 100000;
    std::map<std::string, std::int64_t> by_status;
    std::map<std::string, std::map<std::string, std::int64_t>> by_service;
    std::map<std::string, std::int64_t> queued_by_priority;
    for (const task::Task& task : store.list(all).tasks) {
        std::string status(task::to_string(task.status));
        ++by_status[status];
        ++by_service[task.service][status];
        if (task.status == Status::queued) ++queued_by_priority[std::string(task::to_string(task.priority))];
    }
    Stats stats = store.stats();
    for (Status status : task::kAllStatuses) {
        std::string name(task::to_string(status));
        ASSERT_EQ(stats.by_status.count(name), 1u) << name;
        EXPECT_EQ(stats.by_status.at(name), by_status[name]) << name;
    }
    for (Priority priority : task::kAllPriorities) {
        std::string name(task::to_string(priority));
        ASSERT_EQ(stats.queued_by_priority.count(name), 1u) << name;
        EXPECT_EQ(stats.queued_by_priority.at(name), queued_by_priority[name]) << name;
    }
    for (const auto& [service, counts] : by_service) {
        ASSERT_EQ(stats.by_service.count(service), 1u) << service;
        for (const auto& [status, n] : counts) EXPECT_EQ(stats.by_service.at(service).at(status), n) << service;
    }
    for (const auto& [service, counts] : stats.by_service) {
        for (const auto& [status, n] : counts) {
            if (n != 0) {
                EXPECT_EQ(by_service[service][status], n) << service << " " << status;
            }
        }
    }
}

}  // namespace dms::store::test
