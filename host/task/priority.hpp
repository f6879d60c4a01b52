#pragma once

#include <optional>
#include <string_view>

namespace dms::task {

// Queue a task waits in: every high task is taken before any mid, every mid before any low.
enum class Priority { high = 0, mid = 1, low = 2 };

inline constexpr Priority kAllPriorities[] = {Priority::high, Priority::mid, Priority::low};

std::string_view to_string(Priority priority);
std::optional<Priority> parse_priority(std::string_view text);

}  // namespace dms::task
