#include "util/time_parse.hpp"

#include <cctype>
#include <sstream>

#include <date/date.h>

namespace dms::util {

// date.h's seconds parser reads a long double GCC 12 cannot prove set before use (it is); only here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
std::optional<task::Timestamp> parse_rfc3339(std::string_view text) {
    // The longest valid form: 2026-12-04T18:30:00.123456789+09:00.
    if (text.size() < 20 || text.size() > 35) return std::nullopt;
    std::string normal(text);
    for (char& c : normal) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (normal[10] != 'T') return std::nullopt;
    if (normal.back() == 'Z') normal.replace(normal.size() - 1, 1, "+00:00");
    std::istringstream in(normal);
    task::Timestamp at;
    in >> date::parse("%FT%T%Ez", at);
    if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
    const auto year = date::year_month_day(date::floor<date::days>(at)).year();
    if (year < date::year(1970) || year > date::year(9999)) return std::nullopt;
    return at;
}
#pragma GCC diagnostic pop

std::string format_rfc3339_utc(task::Timestamp at) {
    if (at.time_since_epoch() % std::chrono::seconds(1) == std::chrono::microseconds(0)) {
        return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::seconds>(at));
    }
    return date::format("%FT%TZ", at);
}

}  // namespace dms::util
