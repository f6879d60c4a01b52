#pragma once

// The contract every TemplateStore must keep, written against the interface only, run on the template store that
// make_template_store pairs with each TaskStore. A backend's test binary instantiates it with its factory:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, TemplateStoreContract, ::testing::Values(TemplateStoreFactory{...}),
//                            TemplateStoreFactoryName{});

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/task_store.hpp"
#include "store/template_store.hpp"
#include "store/template_store_factory.hpp"
#include "support/temp_dir.hpp"

namespace dms::store::test {

struct TemplateStoreFactory {
    std::string name;
    // A task store whose data lives in `scratch` (a folder the test owns) or in a server. `fresh`: emptied first.
    // With fresh false, a second handle on the same data, as another host would open it; nullptr when the store
    // serves one host only (then "other hosts" share the first handle).
    std::function<std::unique_ptr<TaskStore>(const std::filesystem::path& scratch, bool fresh)> make;
};

inline void PrintTo(const TemplateStoreFactory& factory, std::ostream* out) { *out << factory.name; }

struct TemplateStoreFactoryName {
    std::string operator()(const ::testing::TestParamInfo<TemplateStoreFactory>& info) const { return info.param.name; }
};

// One fresh store pair per test, and short ways to make templates and fire them.
class TemplateStoreContract : public ::testing::TestWithParam<TemplateStoreFactory> {
 protected:
    // A whole hour, so hourly templates line up with it.
    static task::Timestamp hour_start() {
        return std::chrono::floor<std::chrono::hours>(task::now()) + std::chrono::hours(1);
    }

    void SetUp() override {
        tasks_ = GetParam().make(scratch_.path(), true);
        templates_ = make_template_store(*tasks_);
    }

    TaskStore& tasks() { return *tasks_; }
    TemplateStore& templates() { return *templates_; }

    // alice's hourly copy template in UTC, enabled, next run at `next_run_at`.
    static Template hourly(std::string template_id, task::Timestamp next_run_at, std::string user_id = "alice",
                           std::string service = "copy") {
        Template made;
        made.template_id = std::move(template_id);
        made.service = std::move(service);
        made.user_id = std::move(user_id);
        made.cron = "0 * * * *";
        made.time_zone = "UTC";
        made.parameters = {{"source", "/in"}};
        made.priority = task::Priority::mid;
        made.max_retries = 2;
        made.next_run_at = next_run_at;
        made.created_at = made.updated_at = task::now();
        return made;
    }

    Template create(Template made) {
        templates().create(made);
        return made;
    }

    static task::Task task_for(const Template& source, std::string task_id, std::string first_line = "By template") {
        task::Task task;
        task.task_id = std::move(task_id);
        task.service = source.service;
        task.user_id = source.user_id;
        task.parameters = source.parameters;
        task.priority = source.priority;
        task.max_retries = source.max_retries.value_or(0);
        task.created_at = task::now();
        task.logs = {{task.created_at, std::move(first_line)}};
        return task;
    }

    // The request a scheduler would make for the template's next run as stored, creating `task_id`, moving on an
    // hour. An empty id: no task (the occurrence is passed over).
    FireRequest next_occurrence(const std::string& template_id, const std::string& task_id) {
        auto current = templates().get(template_id);
        if (!current) ADD_FAILURE() << "no template " << template_id;
        Template stored = current.value_or(Template{});
        task::Timestamp at = stored.next_run_at.value_or(task::Timestamp{});
        FireRequest request{template_id, stored.revision, at, at, at + std::chrono::hours(1), std::nullopt};
        if (!task_id.empty()) request.task = task_for(stored, task_id);
        return request;
    }

    Template must_get(const std::string& template_id) {
        auto found = templates().get(template_id);
        if (!found) ADD_FAILURE() << "no template " << template_id;
        return found.value_or(Template{});
    }

    dms::test::TempDir scratch_;  // before the stores: they close first
    std::unique_ptr<TaskStore> tasks_;
    std::unique_ptr<TemplateStore> templates_;
};

}  // namespace dms::store::test
