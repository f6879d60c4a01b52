#include "task/status.hpp"

namespace dms::task {

std::string_view to_string(Status status) {
    switch (status) {
        case Status::queued: return "queued";
        case Status::running: return "running";
        case Status::completed: return "completed";
        case Status::failed: return "failed";
        case Status::cancelled: return "cancelled";
        case Status::retrying: return "retrying";
        case Status::scheduled: return "scheduled";
    }
    return "unknown";
}

std::optional<Status> parse_status(std::string_view text) {
    for (Status status : kAllStatuses) {
        if (to_string(status) == text) return status;
    }
    return std::nullopt;
}

bool waits_for_time(Status status) { return status == Status::retrying || status == Status::scheduled; }

bool is_final(Status status) {
    return status == Status::completed || status == Status::failed || status == Status::cancelled;
}

}  // namespace dms::task
