#include "metrics/store_stats_families.hpp"

#include <string>

namespace dms::metrics {
namespace {

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type) {
    return {std::move(name), std::move(help), type, {}};
}

prometheus::ClientMetric gauge(std::vector<prometheus::ClientMetric::Label> labels, double value) {
    prometheus::ClientMetric metric;
    metric.label = std::move(labels);
    metric.gauge.value = value;
    return metric;
}

prometheus::ClientMetric counter(std::vector<prometheus::ClientMetric::Label> labels, double value) {
    prometheus::ClientMetric metric;
    metric.label = std::move(labels);
    metric.counter.value = value;
    return metric;
}

}  // namespace

std::vector<prometheus::MetricFamily> store_stats_families(const std::optional<store::Stats>& stats) {
    std::vector<prometheus::MetricFamily> families;
    auto& up = families.emplace_back(
        family("dms_store_up", "1 when the task store answered this scrape, else 0", prometheus::MetricType::Gauge));
    up.metric.push_back(gauge({}, stats ? 1 : 0));
    if (!stats) return families;

    auto& tasks = families.emplace_back(
        family("dms_tasks", "Tasks in the store by service and status (exact)", prometheus::MetricType::Gauge));
    for (const auto& [service, by_status] : stats->by_service) {
        // Every status, zeros too, as by_status lists them: a series drops to 0 rather than vanishing.
        for (const auto& [status, unused] : stats->by_status) {
            auto count = by_status.find(status);
            double value = count == by_status.end() ? 0 : static_cast<double>(count->second);
            tasks.metric.push_back(gauge({{"service", service}, {"status", status}}, value));
        }
    }

    auto& depth = families.emplace_back(
        family("dms_queue_depth", "Queued tasks by priority (exact)", prometheus::MetricType::Gauge));
    for (const auto& [priority, count] : stats->queued_by_priority) {
        depth.metric.push_back(gauge({{"priority", priority}}, static_cast<double>(count)));
    }

    auto& events = families.emplace_back(family("dms_task_events_total",
                                                "Task events the store has recorded since it was created, by event",
                                                prometheus::MetricType::Counter));
    for (const auto& [event, count] : stats->totals) {
        events.metric.push_back(counter({{"event", event}}, static_cast<double>(count)));
    }
    return families;
}

}  // namespace dms::metrics
