#pragma once

#include <chrono>
#include <string>

namespace date {
class time_zone;
}

namespace dms::schedule {

// RFC 3339 of a whole-second instant in an IANA zone, with that zone's offset then: "2026-03-08T03:00:00-04:00".
std::string format_in_zone(std::chrono::sys_seconds at, const date::time_zone* zone);

// The same instant in UTC: "2026-03-08T07:00:00Z".
std::string format_utc(std::chrono::sys_seconds at);

}  // namespace dms::schedule
