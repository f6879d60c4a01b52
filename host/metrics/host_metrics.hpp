#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "metrics/http_metrics.hpp"
#include "metrics/task_metrics.hpp"
#include "plugin/plugin_registry.hpp"
#include "store/task_store.hpp"

namespace dms::metrics {

// Every metric of the host, served at /metrics in the Prometheus text format: the HTTP and task metrics, plugin
// load failures, store failures, the build, and the store's exact counts read at each scrape.
class HostMetrics {
public:
    static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

    // Counts the plugins `plugins` refused and makes the series of its services.
    explicit HostMetrics(const plugin::PluginRegistry& plugins);

    TaskMetrics& tasks() { return tasks_; }
    HttpMetrics& http() { return http_; }

    // A request failed because the store did (StoreError), and was answered 503.
    void count_store_error() { store_errors_.Increment(); }

    // The exposition text of every metric, with the store's counts; `stats` is nothing when the store could not
    // be read (dms_store_up 0). Thread-safe.
    std::string scrape(const std::optional<store::Stats>& stats) const;

private:
    prometheus::Registry registry_;  // first: the families below live in it
    prometheus::Counter& plugin_load_failures_;
    prometheus::Counter& store_errors_;
    TaskMetrics tasks_;
    HttpMetrics http_;
};

}  // namespace dms::metrics
