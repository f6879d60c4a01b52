#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "task/task.hpp"

namespace dms::util {

// An RFC 3339 date-time as clients send it ("2026-12-04T09:30:00Z", "2026-12-04T18:30:00.250+09:00"): date, `T`,
// time with optional fraction (to the microsecond), and `Z` or a numeric offset, which is required so that no
// instant depends on the host's zone. Nothing for anything else, or for a year outside 1970-9999.
std::optional<task::Timestamp> parse_rfc3339(std::string_view text);

// The instant in UTC with a `Z`, to the second unless it has a fraction: "2026-12-04T09:30:00Z".
std::string format_rfc3339_utc(task::Timestamp at);

}  // namespace dms::util
