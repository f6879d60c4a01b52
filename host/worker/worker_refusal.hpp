#pragma once

#include <stdexcept>
#include <string>

namespace dms::worker {

// Why the gateway refused an external worker's request, in words any front end maps to its own codes.
class WorkerRefusal : public std::runtime_error {
public:
    enum class Kind {
        bad_request,       // malformed input: a bound, a missing field
        unknown_service,   // not a service of DMS_EXTERNAL_SERVICES
        not_found,         // no such task, or one no external worker runs
        lease_lost,        // the attempt named is no longer the task's current one: its lease expired or it ended
    };

    WorkerRefusal(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

}  // namespace dms::worker
