#include "metrics/http_metrics.hpp"

#include <gtest/gtest.h>

#include <prometheus/text_serializer.h>

#include "support/prometheus_text.hpp"

namespace dms::metrics {
namespace {

using namespace std::chrono_literals;
using test::sample;

class HttpMetricsTest : public ::testing::Test {
 protected:
    HttpMetricsTest() : router_([](std::string_view) { return true; }) {
        router_.add({http::Verb::get, "/items/{id}", http::Access::anyone, "", {}});
        router_.add({http::Verb::delete_, "/items/{id}", http::Access::anyone, "", {}});
        metrics_.bind(router_);
    }

    std::map<std::string, double> samples() {
        return test::parse_samples(prometheus::TextSerializer().Serialize(registry_.Collect()));
    }

    prometheus::Registry registry_;
    http::Router router_;
    HttpMetrics metrics_{registry_};
};

TEST_F(HttpMetricsTest, CountsByRouteMethodAndStatus) {
    metrics_.answered(0, 200, 2ms);
    metrics_.answered(0, 200, 3ms);
    metrics_.answered(0, 404, 1ms);
    metrics_.answered(1, 204, 20ms);
    metrics_.answered(1, 418, 1ms);  // not a status this API uses: counted all the same
    metrics_.answered(http::Router::kNoRoute, 404, 1ms);
    metrics_.unread(413);

    auto all = samples();
    EXPECT_EQ(sample(all, R"(dms_http_requests_total{method="GET",route="/items/{id}",status="200"})"), 2);
    EXPECT_EQ(sample(all, R"(dms_http_requests_total{method="GET",route="/items/{id}",status="404"})"), 1);
    EXPECT_EQ(sample(all, R"(dms_http_requests_total{method="DELETE",route="/items/{id}",status="204"})"), 1);
    EXPECT_EQ(sample(all, R"(dms_http_requests_total{method="DELETE",route="/items/{id}",status="418"})"), 1);
    EXPECT_EQ(sample(all, R"(dms_http_requests_total{method="*",route="unmatched",status="404"})"), 1);
    EXPECT_EQ(sample(all, R"(dms_http_requests_total{method="*",route="unread",status="413"})"), 1);
    EXPECT_EQ(sample(all, R"(dms_http_request_duration_seconds_count{method="GET",route="/items/{id}"})"), 3);
    EXPECT_DOUBLE_EQ(sample(all, R"(dms_http_request_duration_seconds_sum{method="GET",route="/items/{id}"})"), 0.006);
    EXPECT_EQ(sample(all, R"(dms_http_request_duration_seconds_bucket{method="GET",route="/items/{id}",le="0.0025"})"),
              2);
    EXPECT_EQ(sample(all, R"(dms_http_request_duration_seconds_count{method="DELETE",route="/items/{id}"})"), 2);
    EXPECT_EQ(sample(all, R"(dms_http_request_duration_seconds_count{method="*",route="unread"})"), -1);
}

}  // namespace
}  // namespace dms::metrics
