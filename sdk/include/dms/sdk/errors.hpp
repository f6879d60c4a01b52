// The exceptions an executor throws to tell the SDK how a call ended.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>

namespace dms::sdk {

/// Thrown from Executor::validate (or run) to refuse a submission's parameters. The SDK turns it into
/// DMS_STATUS_INVALID with what() as the message the user sees.
class InvalidParameters : public std::runtime_error {
public:
    /// @param message one sentence saying which parameter is wrong and why, e.g. "parameter 'seconds'
    ///                must be a number between 0 and 86400"
    explicit InvalidParameters(const std::string& message) : std::runtime_error(message) {}
};

/// Thrown from Executor::run when the work failed in a way another attempt cannot mend: a source that does
/// not exist, a credential the far end refuses. The SDK turns it into DMS_STATUS_PERMANENT, and the host
/// ends the task failed without retrying it. Any other exception from run is a failure the host may retry.
class PermanentFailure : public std::runtime_error {
public:
    /// @param message one sentence for the user, e.g. "source '/data/x' does not exist"
    explicit PermanentFailure(const std::string& message) : std::runtime_error(message) {}
};

/// Thrown from Executor::run to stop because the host asked the task to stop (see Task::cancelled).
/// The SDK turns it into DMS_STATUS_CANCELLED.
class Cancelled : public std::exception {
public:
    /// @return a fixed description, "task cancelled"
    const char* what() const noexcept override { return "task cancelled"; }
};

}  // namespace dms::sdk
