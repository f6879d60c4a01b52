#include "schedule/cron_expression.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <span>
#include <vector>

namespace dms::schedule {
namespace {

constexpr std::string_view kFieldOrder = "minute hour day-of-month month day-of-week";
constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
// The longest each month can be (February in a leap year), to reject days that never occur.
constexpr std::array<unsigned, 13> kLongestMonth = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct Macro {
    std::string_view name;
    std::string_view expansion;
};
constexpr std::array<Macro, 7> kMacros = {{{"@yearly", "0 0 1 1 *"},
                                           {"@annually", "0 0 1 1 *"},
                                           {"@monthly", "0 0 1 * *"},
                                           {"@weekly", "0 0 * * 0"},
                                           {"@daily", "0 0 * * *"},
                                           {"@midnight", "0 0 * * *"},
                                           {"@hourly", "0 * * * *"}}};

// One field's bounds and names; `star_max` is where `*` and `a/n` stop (6 for day-of-week, so 7 adds no Sunday).
struct FieldSpec {
    std::string_view name;
    unsigned min;
    unsigned max;
    unsigned star_max;
    std::span<const std::string_view> names;
    unsigned first_named;
    std::string_view expected;
};
constexpr std::array<FieldSpec, 5> kFields = {{
    {"minute", 0, 59, 59, {}, 0, "0-59"},
    {"hour", 0, 23, 23, {}, 0, "0-23"},
    {"day-of-month", 1, 31, 31, {}, 0, "1-31"},
    {"month", 1, 12, 12, kMonthNames, 1, "1-12 or JAN-DEC"},
    {"day-of-week", 0, 7, 6, kDayNames, 0, "0-7 or SUN-SAT"},
}};

[[noreturn]] void fail(const FieldSpec& spec, const std::string& what) {
    throw CronSyntaxError("cron field '" + std::string(spec.name) + "': " + what);
}

bool all_digits(std::string_view token) {
    return !token.empty() && std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::toupper(x) == std::toupper(y);
           });
}

// A decimal number; anything past six digits is reported as out of range rather than overflowing.
std::uint32_t to_number(std::string_view digits) {
    if (digits.size() > 6) return UINT32_MAX;
    std::uint32_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

// One value of a field: a number in range or (month, day-of-week) a three-letter name.
unsigned parse_value(const FieldSpec& spec, std::string_view token, std::string_view item) {
    if (token.empty()) fail(spec, "missing value in '" + std::string(item) + "'");
    if (all_digits(token)) {
        std::uint32_t value = to_number(token);
        if (value < spec.min || value > spec.max) {
            fail(spec,
                 std::string(token) + " is out of range " + std::to_string(spec.min) + "-" + std::to_string(spec.max));
        }
        return value;
    }
    for (std::size_t i = 0; i < spec.names.size(); ++i) {
        if (equals_ignoring_case(token, spec.names[i])) return spec.first_named + static_cast<unsigned>(i);
    }
    fail(spec, "'" + std::string(token) + "' is not a valid value (expected " + std::string(spec.expected) + ")");
}

// One comma-separated item (`*`, `a`, `a-b`, each optionally `/step`) added to `bits`.
void parse_item(const FieldSpec& spec, std::string_view item, std::string_view field, std::bitset<64>& bits) {
    if (item.empty()) fail(spec, "empty item in list '" + std::string(field) + "'");
    const auto slash = item.find('/');
    const std::string_view base = item.substr(0, slash);
    unsigned step = 1;
    if (slash != std::string_view::npos) {
        const std::string_view step_text = item.substr(slash + 1);
        if (!all_digits(step_text)) {
            fail(spec, "step '" + std::string(step_text) + "' in '" + std::string(item) + "' is not a number");
        }
        const std::uint32_t value = to_number(step_text);
        if (value < 1 || value > spec.max) {
            fail(spec, "step " + std::string(step_text) + " is out of range 1-" + std::to_string(spec.max));
        }
        step = value;
    }
    unsigned low = spec.min;
    unsigned high = spec.star_max;
    if (base != "*") {
        const auto dash = base.find('-');
        low = parse_value(spec, base.substr(0, dash), item);
        if (dash != std::string_view::npos) {
            high = parse_value(spec, base.substr(dash + 1), item);
            if (low > high) {
                fail(spec, "range " + std::string(base) + " is reversed (write the smaller value first)");
            }
        } else if (slash == std::string_view::npos) {
            high = low;
        }
    }
    for (unsigned value = low; value <= high; value += step) bits.set(value);
}

std::bitset<64> parse_field(const FieldSpec& spec, std::string_view field) {
    std::bitset<64> bits;
    std::size_t start = 0;
    while (true) {
        const auto comma = field.find(',', start);
        parse_item(spec, field.substr(start, comma - start), field, bits);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return bits;
}

std::vector<std::string_view> split_on_whitespace(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n\f\v";
    std::vector<std::string_view> words;
    std::size_t start = text.find_first_not_of(kSpace);
    while (start != std::string_view::npos) {
        const auto end = text.find_first_of(kSpace, start);
        words.push_back(text.substr(start, end - start));
        start = text.find_first_not_of(kSpace, end);
    }
    return words;
}

// The five fields of `text`, with a macro replaced by its expansion.
std::vector<std::string_view> fields_of(std::string_view text) {
    std::vector<std::string_view> words = split_on_whitespace(text);
    if (words.empty()) {
        throw CronSyntaxError("cron expression is empty; expected five fields: " + std::string(kFieldOrder));
    }
    if (words.front().starts_with('@')) {
        const auto macro = std::find_if(kMacros.begin(), kMacros.end(),
                                        [&](const Macro& m) { return equals_ignoring_case(m.name, words.front()); });
        if (macro == kMacros.end()) {
            throw CronSyntaxError("unknown cron macro '" + std::string(words.front()) +
                                  "' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
        }
        if (words.size() > 1) {
            throw CronSyntaxError("cron macro '" + std::string(words.front()) + "' takes nothing after it");
        }
        return split_on_whitespace(macro->expansion);
    }
    if (words.size() != kFields.size()) {
        throw CronSyntaxError("cron expression has " + std::to_string(words.size()) + " field" +
                              (words.size() == 1 ? "" : "s") + "; expected 5: " + std::string(kFieldOrder));
    }
    return words;
}

}  // namespace

CronExpression CronExpression::parse(std::string_view text) {
    if (text.size() > kMaxLength) {
        throw CronSyntaxError("cron expression is too long (" + std::to_string(text.size()) +
                              " characters; the limit is " + std::to_string(kMaxLength) + ")");
    }
    const std::vector<std::string_view> fields = fields_of(text);
    std::array<std::bitset<64>, 5> bits;
    for (std::size_t i = 0; i < kFields.size(); ++i) bits[i] = parse_field(kFields[i], fields[i]);
    if (bits[4].test(7)) bits[4].set(0);  // 7 is Sunday too

    CronExpression expression;
    expression.text_ = std::string(text);
    // bitset<N>(unsigned long long) keeps the low N bits; every value set is below its field's N.
    expression.minutes_ = std::bitset<60>(bits[0].to_ullong());
    expression.hours_ = std::bitset<24>(bits[1].to_ullong());
    expression.days_of_month_ = std::bitset<32>(bits[2].to_ullong());
    expression.months_ = std::bitset<13>(bits[3].to_ullong());
    expression.days_of_week_ = std::bitset<7>(bits[4].to_ullong());
    expression.day_of_month_star_ = fields[2].starts_with('*');
    expression.day_of_week_star_ = fields[4].starts_with('*');

    // When both day fields must match, a day-of-month that no selected month has (30 2, 31 4,6) never runs.
    if (expression.day_of_month_star_ || expression.day_of_week_star_) {
        bool possible = false;
        for (unsigned month = 1; month <= 12 && !possible; ++month) {
            if (!expression.months_.test(month)) continue;
            for (unsigned day = 1; day <= kLongestMonth[month] && !possible; ++day) {
                possible = expression.days_of_month_.test(day);
            }
        }
        if (!possible) {
            throw CronSyntaxError("cron expression never runs: day-of-month '" + std::string(fields[2]) +
                                  "' does not occur in month '" + std::string(fields[3]) + "'");
        }
    }
    return expression;
}

bool CronExpression::matches_date(unsigned month, unsigned day_of_month, unsigned weekday) const {
    if (month > 12 || day_of_month > 31 || weekday > 6 || !months_.test(month)) return false;
    const bool day_matches = days_of_month_.test(day_of_month);
    const bool weekday_matches = days_of_week_.test(weekday);
    if (day_of_month_star_ || day_of_week_star_) return day_matches && weekday_matches;
    return day_matches || weekday_matches;
}

}  // namespace dms::schedule
