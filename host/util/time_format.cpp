#include "util/time_format.hpp"

#include <stdexcept>

#include <date/tz.h>

namespace dms::util {

TimeFormatter::TimeFormatter(std::string_view zone_name) : zone_name_(zone_name) {
    try {
        zone_ = date::locate_zone(zone_name_);
    } catch (const std::exception&) {
        throw std::invalid_argument("unknown time zone '" + zone_name_ + "' (use an IANA name such as UTC or Asia/Seoul)");
    }
}

std::string TimeFormatter::iso(task::Timestamp at) const {
    return date::format("%FT%T%Ez", date::make_zoned(zone_, at));
}

std::string TimeFormatter::log_line(const task::LogEntry& entry) const {
    std::string line = iso(entry.at);
    line += ',';
    line += entry.message;
    return line;
}

}  // namespace dms::util
