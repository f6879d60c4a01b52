#pragma once

#include <chrono>
#include <cstddef>

namespace dms::http {

// Told of every answered request, e.g. to count it; called on the session's thread, so it must be cheap and
// must not block.
class RequestObserver {
public:
    virtual ~RequestObserver() = default;

    // A request the router answered: `route` indexes Router::routes(), or is Router::kNoRoute when no route took
    // it (404, 405, a target that is not a path); `took` is the time the router spent on it.
    virtual void answered(std::size_t route, unsigned status, std::chrono::nanoseconds took) = 0;

    // A request refused before it could be read whole (408, 413, 431, malformed HTTP).
    virtual void unread(unsigned status) = 0;
};

}  // namespace dms::http
