#pragma once

#include <optional>
#include <vector>

#include <prometheus/metric_family.h>

#include "store/task_store.hpp"

namespace dms::metrics {

// The store's exact counts as metric families, made afresh at each scrape (so a service whose tasks are all gone
// leaves no stale series): dms_tasks{service,status}, dms_queue_depth{priority}, dms_task_events_total{event}
// and dms_store_up, which is 0 (and the rest absent) when the store could not be read.
std::vector<prometheus::MetricFamily> store_stats_families(const std::optional<store::Stats>& stats);

}  // namespace dms::metrics
