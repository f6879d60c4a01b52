#include "metrics/http_metrics.hpp"

#include <algorithm>
#include <string>

namespace dms::metrics {
namespace {

// From half a millisecond (a cached read) to ten seconds (a request timing out).
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                 0.1,    0.25,  0.5,    1,     2.5,  5,     10};

}  // namespace

HttpMetrics::HttpMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("dms_http_requests_total")
                    .Help("HTTP requests answered, by method, route pattern and status")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("dms_http_request_duration_seconds")
                   .Help("Time from a request read whole to its answer ready, by method and route pattern")
                   .Register(registry)),
      unmatched_(make_series("*", "unmatched", true)),
      unread_(make_series("*", "unread", false)) {}

HttpMetrics::~HttpMetrics() = default;

std::unique_ptr<HttpMetrics::RouteSeries> HttpMetrics::make_series(std::string method, std::string route,
                                                                   bool with_latency) {
    auto series = std::make_unique<RouteSeries>();
    series->labels = {{"method", std::move(method)}, {"route", std::move(route)}};
    if (with_latency) series->latency = &latency_.Add(series->labels, kLatencyBuckets);
    return series;
}

void HttpMetrics::bind(const http::Router& router) {
    routes_.clear();
    for (const http::Route& route : router.routes()) {
        routes_.push_back(make_series(std::string(http::beast_http::to_string(route.method)), route.path, true));
    }
}

prometheus::Counter& HttpMetrics::requests(RouteSeries& series, unsigned status) {
    auto common = std::find(kCommonStatuses.begin(), kCommonStatuses.end(), status);
    auto with_status = [&] {
        prometheus::Labels labels = series.labels;
        labels.emplace("status", std::to_string(status));
        return labels;
    };
    if (common == kCommonStatuses.end()) return requests_.Add(with_status());
    std::atomic<prometheus::Counter*>& slot =
        series.by_status[static_cast<std::size_t>(common - kCommonStatuses.begin())];
    prometheus::Counter* counter = slot.load(std::memory_order_acquire);
    if (counter == nullptr) {
        // Two threads may both get here: Add returns the same counter for the same labels.
        counter = &requests_.Add(with_status());
        slot.store(counter, std::memory_order_release);
    }
    return *counter;
}

void HttpMetrics::answered(std::size_t route, unsigned status, std::chrono::nanoseconds took) {
    RouteSeries& series = route < routes_.size() ? *routes_[route] : *unmatched_;
    requests(series, status).Increment();
    series.latency->Observe(std::chrono::duration<double>(took).count());
}

void HttpMetrics::unread(unsigned status) { requests(*unread_, status).Increment(); }

}  // namespace dms::metrics
