// The dispatcher's leasing ahead, on a real SQLite store with plugins from real .so files: submissions go straight to
// the store in one atomic batch, so the test knows what a lease can see.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "dispatch/dispatcher.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/sqlite_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_host.hpp"
#include "util/ids.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

class DispatcherPrefetchTest : public ::testing::Test {
protected:
    DispatcherPrefetchTest()
        : store_(dir_.path() / "dms.sqlite3"),
          plugins_(plugin::PluginRegistry::load_directory(
              make_plugin_dir(dir_.path() / "plugins", {test_plugin("echo", "echo"), bundled_plugin("sleep")}))) {}

    void start(std::chrono::milliseconds cancel_grace) {
        dispatch::DispatcherOptions options;
        options.host_id = "test-host";
        options.workers = 2;
        options.lease = 30s;
        options.cancel_grace = cancel_grace;
        dispatcher_ = std::make_unique<dispatch::Dispatcher>(store_, plugins_, options);
        dispatcher_->start();
    }

    ~DispatcherPrefetchTest() override {
        if (dispatcher_) dispatcher_->stop(0ms);
    }

    // Queues these tasks in one commit, then wakes the dispatcher; returns their ids in order.
    std::vector<std::string> submit(const std::vector<std::pair<std::string, nlohmann::json>>& tasks) {
        std::vector<task::Task> batch;
        for (const auto& [service, parameters] : tasks) {
            task::Task task;
            task.task_id = util::new_task_id();
            task.service = service;
            task.user_id = "alice";
            task.parameters = parameters;
            task.created_at = task.updated_at = task::now();
            batch.push_back(std::move(task));
        }
        store_.submit(batch, "Task queued");
        dispatcher_->notify_work();
        std::vector<std::string> ids;
        for (const auto& task : batch) ids.push_back(task.task_id);
        return ids;
    }

    std::int64_t count(const std::string& service, const std::string& status) {
        auto stats = store_.stats();
        auto found = stats.by_service.find(service);
        if (found == stats.by_service.end()) return 0;
        auto n = found->second.find(status);
        return n == found->second.end() ? 0 : n->second;
    }

    task::Status status_of(const std::string& id) { return store_.get(id, 0)->status; }

    TempDir dir_;
    store::SqliteStore store_;
    plugin::PluginRegistry plugins_;
    std::unique_ptr<dispatch::Dispatcher> dispatcher_;
};

// Fast failures make the service look fast; its next tasks are slow. The first slow run corrects the estimate and
// the tasks leased ahead beyond what the workers can start soon go back to the queue for others to take.
TEST_F(DispatcherPrefetchTest, AFewFastRunsDoNotLetSlowTasksPileUpLeasedOnOneHost) {
    start(10s);
    submit(std::vector<std::pair<std::string, nlohmann::json>>(12, {"echo", {{"fail", "fast"}}}));
    ASSERT_TRUE(wait_until([&] { return count("echo", "failed") == 12; }));

    auto slow = submit(std::vector<std::pair<std::string, nlohmann::json>>(20, {"echo", {{"wait_ms", 300}}}));
    ASSERT_TRUE(wait_until([&] { return status_of(slow[0]) == task::Status::completed; }));
    EXPECT_LE(count("echo", "running"), 3) << "tasks held leased on one host";
    EXPECT_GE(count("echo", "queued"), 14);
    auto returned = store_.get(slow.back(), 10);
    ASSERT_TRUE(returned);
    EXPECT_TRUE(returned->attempt_history.empty()) << "a task handed back unstarted has no attempt recorded";
}

// A task leased ahead and waiting for a worker ends at once when cancelled, with no plugin to wait for: it is
// neither held until a worker frees up nor abandoned as a hung plugin after the cancel grace.
TEST_F(DispatcherPrefetchTest, CancellingATaskLeasedAheadEndsItAtOnce) {
    start(5s);
    submit(std::vector<std::pair<std::string, nlohmann::json>>(12, {"echo", nlohmann::json::object()}));
    ASSERT_TRUE(wait_until([&] { return count("echo", "completed") == 12; }));

    // Both workers take a slow task; the fast ones behind them are leased in the same batch and wait.
    auto ids = submit({{"sleep", {{"seconds", 3}}},
                       {"sleep", {{"seconds", 3}}},
                       {"echo", nlohmann::json::object()},
                       {"echo", nlohmann::json::object()},
                       {"echo", nlohmann::json::object()}});
    ASSERT_TRUE(wait_until([&] { return count("sleep", "running") == 2; }));
    ASSERT_EQ(status_of(ids[3]), task::Status::running) << "the fast task was not leased ahead";

    auto asked = std::chrono::steady_clock::now();
    ASSERT_EQ(store_.request_cancel(ids[3], "Cancel requested by alice").change, store::Change::applied);
    dispatcher_->cancel(ids[3]);
    ASSERT_TRUE(wait_until([&] { return status_of(ids[3]) == task::Status::cancelled; }, 2s));
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 1500ms);
    EXPECT_EQ(dispatcher_->abandoned_count(), 0u);
    EXPECT_EQ(status_of(ids[0]), task::Status::running) << "the slow tasks were still running meanwhile";
    EXPECT_TRUE(store_.get(ids[3], 0)->attempt_history.empty());
}

}  // namespace
}  // namespace dms::test
