#pragma once

#include <functional>

#include "http/router.hpp"

namespace dms::api {

// Wraps a handler so that a service refusal becomes the matching HTTP error (400, 404, 409, 422, 503).
http::Handler translated(http::Handler handler);

// The same for a plain function that answers at once, with no waiting on the store's commit.
http::Handler immediate(std::function<http::Response(const http::RequestContext&)> handler);

}  // namespace dms::api
