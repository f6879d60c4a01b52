#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "http/request_observer.hpp"
#include "http/router.hpp"

namespace dms::metrics {

// HTTP requests by route and status, and their latency by route. The route is the route's pattern
// ("/api/v1/services/{service}/tasks/{task_id}"), never the raw path, so the series stay few: requests no route
// took count as route "unmatched", those that could not be read as "unread" (both with method "*"). Each route's
// series are made once, so a request costs one counter increment and one histogram observation.
class HttpMetrics : public http::RequestObserver {
public:
    explicit HttpMetrics(prometheus::Registry& registry);
    ~HttpMetrics() override;

    // Makes the series of every route of `router`; call once the routes are added, before requests arrive.
    void bind(const http::Router& router);

    void answered(std::size_t route, unsigned status, std::chrono::nanoseconds took) override;
    void unread(unsigned status) override;

private:
    // The statuses this API answers, each with a cached counter per route; others take the family's lookup.
    static constexpr std::array<unsigned, 18> kCommonStatuses = {200, 201, 202, 204, 400, 401, 403, 404, 405,
                                                                 408, 409, 413, 422, 429, 431, 500, 501, 503};

    struct RouteSeries {
        prometheus::Labels labels;                 // method and route
        prometheus::Histogram* latency = nullptr;  // none for unread requests
        std::array<std::atomic<prometheus::Counter*>, kCommonStatuses.size()> by_status{};
    };

    std::unique_ptr<RouteSeries> make_series(std::string method, std::string route, bool with_latency);
    prometheus::Counter& requests(RouteSeries& series, unsigned status);

    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Family<prometheus::Histogram>& latency_;
    std::vector<std::unique_ptr<RouteSeries>> routes_;  // routes_[i] belongs to router.routes()[i]
    std::unique_ptr<RouteSeries> unmatched_;
    std::unique_ptr<RouteSeries> unread_;
};

}  // namespace dms::metrics
