#include "metrics/host_metrics.hpp"

#include <iterator>
#include <vector>

#include <prometheus/gauge.h>
#include <prometheus/text_serializer.h>

#include "metrics/store_stats_families.hpp"

namespace dms::metrics {
namespace {

std::vector<std::string> service_names(const plugin::PluginRegistry& plugins) {
    std::vector<std::string> names;
    for (const plugin::ServiceInfo& service : plugins.services()) names.push_back(service.name);
    return names;
}

}  // namespace

HostMetrics::HostMetrics(const plugin::PluginRegistry& plugins)
    : plugin_load_failures_(prometheus::BuildCounter()
                                .Name("dms_plugin_load_failures_total")
                                .Help("Plugins the host refused to load at start-up (the log says why)")
                                .Register(registry_)
                                .Add({})),
      store_errors_(prometheus::BuildCounter()
                        .Name("dms_store_errors_total")
                        .Help("Requests that failed because the task store did, answered 503 store_unavailable")
                        .Register(registry_)
                        .Add({})),
      tasks_(registry_, service_names(plugins)),
      http_(registry_) {
    plugin_load_failures_.Increment(static_cast<double>(plugins.refusals().size()));
    prometheus::BuildGauge()
        .Name("dms_build_info")
        .Help("The running dms-host's version, as a label; always 1")
        .Register(registry_)
        .Add({{"version", DMS_VERSION}})
        .Set(1);
}

std::string HostMetrics::scrape(const std::optional<store::Stats>& stats) const {
    std::vector<prometheus::MetricFamily> families = registry_.Collect();
    std::vector<prometheus::MetricFamily> from_store = store_stats_families(stats);
    families.insert(families.end(), std::make_move_iterator(from_store.begin()),
                    std::make_move_iterator(from_store.end()));
    return prometheus::TextSerializer().Serialize(families);
}

}  // namespace dms::metrics
