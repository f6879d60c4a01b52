#pragma once

#include <chrono>

#include "service/service_error.hpp"

namespace dms::service {

// A submission refused because its user submits faster than the limit; retry_after says when one may go ahead.
class RateLimited : public ServiceError {
public:
    RateLimited(const std::string& message, std::chrono::seconds retry_after)
        : ServiceError(ErrorKind::rate_limited, message), retry_after_(retry_after) {}
    std::chrono::seconds retry_after() const { return retry_after_; }

private:
    std::chrono::seconds retry_after_;
};

}  // namespace dms::service
