#pragma once

#include <stdexcept>
#include <string>

#include "http/types.hpp"

namespace dms::http {

// An answer other than success, thrown by handlers and the router and turned into
// {"error": {"code": ..., "message": ...}} with its status.
class ApiError : public std::runtime_error {
public:
    ApiError(Status status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}

    Status status() const { return status_; }
    const std::string& code() const { return code_; }

private:
    Status status_;
    std::string code_;
};

}  // namespace dms::http
