#include "metrics/host_metrics.hpp"

#include <gtest/gtest.h>

#include "api/handler.hpp"
#include "store/store_error.hpp"
#include "support/prometheus_text.hpp"

namespace dms::metrics {
namespace {

using test::sample;

store::Stats some_stats() {
    store::Stats stats;
    for (const char* status : {"queued", "running", "completed", "failed", "cancelled"}) stats.by_status[status] = 0;
    stats.by_status["queued"] = 4;
    stats.by_service["copy"] = {{"queued", 3}, {"running", 1}};
    stats.by_service["noop"] = {{"queued", 1}, {"completed", 7}};
    stats.queued_by_priority = {{"high", 1}, {"mid", 0}, {"low", 3}};
    stats.totals = {{"submitted", 12}, {"completed", 7}};
    return stats;
}

TEST(HostMetricsTest, TheStoresCountsAreReadAtEachScrape) {
    plugin::PluginRegistry plugins;
    HostMetrics metrics(plugins);
    auto all = test::parse_samples(metrics.scrape(some_stats()));
    EXPECT_EQ(sample(all, "dms_store_up"), 1);
    EXPECT_EQ(sample(all, R"(dms_tasks{service="copy",status="queued"})"), 3);
    EXPECT_EQ(sample(all, R"(dms_tasks{service="copy",status="completed"})"), 0);
    EXPECT_EQ(sample(all, R"(dms_tasks{service="noop",status="completed"})"), 7);
    EXPECT_EQ(sample(all, R"(dms_queue_depth{priority="low"})"), 3);
    EXPECT_EQ(sample(all, R"(dms_task_events_total{event="submitted"})"), 12);

    // A service whose tasks are all gone leaves no series behind.
    store::Stats later = some_stats();
    later.by_service.erase("copy");
    all = test::parse_samples(metrics.scrape(later));
    EXPECT_EQ(sample(all, R"(dms_tasks{service="copy",status="queued"})"), -1);
}

TEST(HostMetricsTest, AStoreThatCannotBeReadLeavesTheRestServed) {
    plugin::PluginRegistry plugins;
    HostMetrics metrics(plugins);
    std::string text = metrics.scrape(std::nullopt);
    auto all = test::parse_samples(text);
    EXPECT_EQ(sample(all, "dms_store_up"), 0);
    EXPECT_EQ(sample(all, "dms_store_errors_total"), 0);
    EXPECT_EQ(text.find("dms_tasks{"), std::string::npos);
    EXPECT_EQ(text.find("dms_queue_depth{"), std::string::npos);
}

TEST(HostMetricsTest, StoreFailuresAre503AndCounted) {
    plugin::PluginRegistry plugins;
    HostMetrics metrics(plugins);
    auto mapper = api::store_failures_as_unavailable(metrics);
    auto answer = mapper(store::StoreError("database or disk is full"));
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status(), http::Status::service_unavailable);
    EXPECT_EQ(answer->code(), "store_unavailable");
    EXPECT_EQ(std::string(answer->what()).find("disk"), std::string::npos)
        << "the store's own message stays in the log";
    EXPECT_FALSE(mapper(std::runtime_error("something else")).has_value());
    EXPECT_EQ(sample(test::parse_samples(metrics.scrape(std::nullopt)), "dms_store_errors_total"), 1);
}

}  // namespace
}  // namespace dms::metrics
