#pragma once

#include <stdexcept>
#include <string>

namespace dms::service {

// Why the service refused an operation, in terms any front end (HTTP, CLI) can map to its own codes.
enum class ErrorKind {
    bad_request,         // malformed input
    not_found,           // no such task (or not the caller's)
    illegal_transition,  // the state machine forbids it
    unknown_service,     // no loaded plugin provides the service
    invalid_parameters,  // the plugin refused the parameters
    blocked,             // a global or user block refuses submissions
    shutting_down,       // the host no longer accepts work
    rate_limited,        // the user submits faster than allowed (RateLimited says when to retry)
};

class ServiceError : public std::runtime_error {
public:
    ServiceError(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

private:
    ErrorKind kind_;
};

}  // namespace dms::service
