#pragma once

#include <string>
#include <string_view>

#include "task/task.hpp"

namespace date {
class time_zone;
}

namespace dms::util {

// Formats instants as ISO 8601 in one IANA time zone (DMS_TIMEZONE), from the tz database: offsets and
// daylight saving come from the zone's rules, never from a fixed offset.
class TimeFormatter {
public:
    // Throws std::invalid_argument naming the zone when the tz database does not know it.
    explicit TimeFormatter(std::string_view zone_name);

    // e.g. "2025-11-17T10:00:16.515926+09:00"
    std::string iso(task::Timestamp at) const;

    // "<iso-timestamp>,<message>", the log line format users already read (seed 002).
    std::string log_line(const task::LogEntry& entry) const;

    const std::string& zone_name() const { return zone_name_; }

private:
    std::string zone_name_;
    const date::time_zone* zone_;
};

}  // namespace dms::util
