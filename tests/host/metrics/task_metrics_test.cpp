#include "metrics/task_metrics.hpp"

#include <gtest/gtest.h>

#include <prometheus/text_serializer.h>

#include "support/prometheus_text.hpp"

namespace dms::metrics {
namespace {

using namespace std::chrono_literals;
using test::sample;

class TaskMetricsTest : public ::testing::Test {
 protected:
    std::map<std::string, double> samples() {
        return test::parse_samples(prometheus::TextSerializer().Serialize(registry_.Collect()));
    }

    static task::Task task_of(std::string service, std::chrono::microseconds waited) {
        task::Task task;
        task.service = std::move(service);
        task.created_at = task::now();
        task.started_at = task.created_at + waited;
        return task;
    }

    prometheus::Registry registry_;
    TaskMetrics metrics_{registry_, {"copy", "noop"}};
};

TEST_F(TaskMetricsTest, EveryServiceAndOutcomeHasItsSeriesFromTheStart) {
    auto all = samples();
    for (const char* service : {"copy", "noop"}) {
        for (const char* outcome : {"completed", "failed", "cancelled", "requeued"}) {
            std::string labels = std::string("{outcome=\"") + outcome + "\",service=\"" + service + "\"}";
            EXPECT_EQ(sample(all, "dms_task_duration_seconds_count" + labels), 0) << labels;
            EXPECT_EQ(sample(all, "dms_task_wait_seconds_count" + labels), 0) << labels;
        }
    }
}

TEST_F(TaskMetricsTest, RunTimeForEveryEndingAndWaitOncePerTaskWhenItEnds) {
    metrics_.attempt_ended(task_of("noop", 2s), task::Event::requeue, nullptr, 30ms);
    metrics_.attempt_ended(task_of("noop", 2s), task::Event::succeed, {{"ok", true}}, 20ms);
    metrics_.attempt_ended(task_of("noop", 500ms), task::Event::fail, nlohmann::json::object(), 7s);
    metrics_.attempt_ended(task_of("unknown", 1s), task::Event::succeed, nullptr, 1s);  // no such service: ignored

    auto all = samples();
    EXPECT_EQ(sample(all, R"(dms_task_duration_seconds_count{outcome="requeued",service="noop"})"), 1);
    EXPECT_DOUBLE_EQ(sample(all, R"(dms_task_duration_seconds_sum{outcome="requeued",service="noop"})"), 0.03);
    EXPECT_EQ(sample(all, R"(dms_task_wait_seconds_count{outcome="requeued",service="noop"})"), 0);
    EXPECT_EQ(sample(all, R"(dms_task_wait_seconds_count{outcome="completed",service="noop"})"), 1);
    EXPECT_DOUBLE_EQ(sample(all, R"(dms_task_wait_seconds_sum{outcome="completed",service="noop"})"), 2);
    EXPECT_EQ(sample(all, R"(dms_task_duration_seconds_bucket{outcome="failed",service="noop",le="5"})"), 0);
    EXPECT_EQ(sample(all, R"(dms_task_duration_seconds_bucket{outcome="failed",service="noop",le="10"})"), 1);
    EXPECT_DOUBLE_EQ(sample(all, R"(dms_task_wait_seconds_sum{outcome="failed",service="noop"})"), 0.5);
}

TEST_F(TaskMetricsTest, ATransfersTalliesCountWhateverTheEnding) {
    // The result copy and sync set (docs/transfers.md).
    nlohmann::json result = nlohmann::json::parse(R"({
        "source": "/srv/files/photos", "destination": "/srv/files/backup", "kind": "tree",
        "copied": {"files": 120, "bytes": 5242880}, "skipped": {"files": 3, "bytes": 1024},
        "deleted": {"files": 2, "bytes": 10, "directories": 1}, "failed": {"files": 1, "bytes": 0},
        "plan": {"copy": {"files": 121, "bytes": 5242880}}, "seconds": 0.42})");
    metrics_.attempt_ended(task_of("copy", 1s), task::Event::fail, result, 1s);
    metrics_.attempt_ended(task_of("copy", 1s), task::Event::requeue, result, 1s);
    // A dry run (a plan, no tallies) and a plugin without a transfer's result count nothing.
    metrics_.attempt_ended(task_of("copy", 1s), task::Event::succeed, {{"dry_run", true}, {"plan", result["plan"]}},
                           1s);
    metrics_.attempt_ended(task_of("noop", 1s), task::Event::succeed, {{"copied", "yes"}}, 1s);

    auto all = samples();
    EXPECT_EQ(sample(all, R"(dms_transfer_files_total{action="copied",service="copy"})"), 240);
    EXPECT_EQ(sample(all, R"(dms_transfer_bytes_total{action="copied",service="copy"})"), 2 * 5242880.0);
    EXPECT_EQ(sample(all, R"(dms_transfer_files_total{action="skipped",service="copy"})"), 6);
    EXPECT_EQ(sample(all, R"(dms_transfer_bytes_total{action="skipped",service="copy"})"), 2048);
    EXPECT_EQ(sample(all, R"(dms_transfer_files_total{action="deleted",service="copy"})"), 4);
    EXPECT_EQ(sample(all, R"(dms_transfer_files_total{action="failed",service="copy"})"), 2);
    EXPECT_EQ(sample(all, R"(dms_transfer_files_total{action="copied",service="noop"})"), -1);
}

}  // namespace
}  // namespace dms::metrics
