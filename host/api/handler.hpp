#pragma once

#include <functional>

#include "http/router.hpp"

namespace dms::metrics {
class HostMetrics;
}

namespace dms::auth {
class AuthError;
}

namespace dms::api {

// An authorization refusal as its HTTP error: 400, 401, 403, 404 or 409.
http::ApiError to_api_error(const auth::AuthError& error);

// Wraps a handler so that a service refusal becomes the matching HTTP error (400, 404, 409, 422, 503), and so does
// an authorization refusal (400, 401, 403, 404, 409).
http::Handler translated(http::Handler handler);

// The same for a plain function that answers at once, with no waiting on the store's commit. Its log lines carry
// the request's id.
http::Handler immediate(std::function<http::Response(const http::RequestContext&)> handler);

// For Router::map_exceptions: the store's failure (StoreError) is 503 store_unavailable, counted in `metrics`;
// any other exception stays a 500.
http::Router::ExceptionMapper store_failures_as_unavailable(metrics::HostMetrics& metrics);

}  // namespace dms::api
