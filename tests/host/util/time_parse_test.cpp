#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "util/time_parse.hpp"

namespace dms::util {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

// Seconds since the epoch of an accepted text, or -1 when it is refused.
std::int64_t epoch_seconds(const std::string& text) {
    auto at = parse_rfc3339(text);
    if (!at) return -1;
    return std::chrono::duration_cast<seconds>(at->time_since_epoch()).count();
}

TEST(TimeParseTest, AcceptsUtcAndOffsetsAndFractions) {
    EXPECT_EQ(epoch_seconds("2026-12-04T09:30:00Z"), 1796376600);
    EXPECT_EQ(epoch_seconds("2026-12-04t09:30:00z"), 1796376600);
    EXPECT_EQ(epoch_seconds("2026-12-04T18:30:00+09:00"), 1796376600);
    EXPECT_EQ(epoch_seconds("2026-12-04T04:00:00-05:30"), 1796376600);
    auto fraction = parse_rfc3339("2026-12-04T09:30:00.250001Z");
    ASSERT_TRUE(fraction.has_value());
    EXPECT_EQ(fraction->time_since_epoch() % seconds(1), microseconds(250001));
}

TEST(TimeParseTest, RefusesWhatIsNotAnRfc3339DateTime) {
    for (const char* text : {"", "2026-12-04", "2026-12-04T09:30:00", "2026-12-04 09:30:00Z", "2026-13-04T09:30:00Z",
                             "2026-12-04T25:30:00Z", "2026-12-04T09:30:00+0900", "2026-12-04T09:30:00Zjunk",
                             "tomorrow at nine", "1969-12-31T23:59:59Z", "2026-12-04T09:30:00.1234567891Z",
                             "99999-12-04T09:30:00Z"}) {
        EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
    }
}

TEST(TimeParseTest, FormatsInUtcAndReadsBack) {
    auto at = parse_rfc3339("2026-12-04T18:30:00+09:00");
    ASSERT_TRUE(at.has_value());
    EXPECT_EQ(format_rfc3339_utc(*at), "2026-12-04T09:30:00Z");
    auto fine = parse_rfc3339("2026-12-04T09:30:00.5Z");
    ASSERT_TRUE(fine.has_value());
    EXPECT_EQ(format_rfc3339_utc(*fine), "2026-12-04T09:30:00.500000Z");
    EXPECT_EQ(parse_rfc3339(format_rfc3339_utc(*fine)), fine);
}

}  // namespace
}  // namespace dms::util
