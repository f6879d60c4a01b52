#pragma once

#include <functional>

#include "http/router.hpp"

namespace dms::metrics {
class HostMetrics;
}

namespace dms::api {

// Wraps a handler so that a service refusal becomes the matching HTTP error (400, 404, 409, 422, 503).
http::Handler translated(http::Handler handler);

// The same for a plain function that answers at once, with no waiting on the store's commit. Its log lines carry
// the request's id.
http::Handler immediate(std::function<http::Response(const http::RequestContext&)> handler);

// For Router::map_exceptions: the store's failure (StoreError) is 503 store_unavailable, counted in `metrics`;
// any other exception stays a 500.
http::Router::ExceptionMapper store_failures_as_unavailable(metrics::HostMetrics& metrics);

}  // namespace dms::api
