#include "task/priority.hpp"

namespace dms::task {

std::string_view to_string(Priority priority) {
    switch (priority) {
        case Priority::high: return "high";
        case Priority::mid: return "mid";
        case Priority::low: return "low";
    }
    return "unknown";
}

std::optional<Priority> parse_priority(std::string_view text) {
    for (Priority priority : kAllPriorities) {
        if (to_string(priority) == text) return priority;
    }
    return std::nullopt;
}

}  // namespace dms::task
