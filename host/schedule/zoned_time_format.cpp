#include "schedule/zoned_time_format.hpp"

#include <date/date.h>
#include <date/tz.h>

namespace dms::schedule {

std::string format_in_zone(std::chrono::sys_seconds at, const date::time_zone* zone) {
    return date::format("%FT%T%Ez", date::make_zoned(zone, at));
}

std::string format_utc(std::chrono::sys_seconds at) { return date::format("%FT%TZ", at); }

}  // namespace dms::schedule
