#include "report_text.hpp"

#include <cstdio>

namespace dms::conformance {
namespace {

// U+202A..U+202E and U+2066..U+2069 in UTF-8: bidirectional overrides, which would reorder the rest of a
// terminal line (a plugin's message must not disguise the verdict printed before it).
bool is_bidi_control(std::string_view text, std::size_t i) {
    if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xe2) return false;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    const auto third = static_cast<unsigned char>(text[i + 2]);
    return (second == 0x80 && third >= 0xaa && third <= 0xae) || (second == 0x81 && third >= 0xa6 && third <= 0xa9);
}

}  // namespace

std::string one_line(std::string_view text, std::size_t limit) {
    std::string line;
    char escaped[16];
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (line.size() >= limit && (byte & 0xc0) != 0x80) break;  // cut between characters, not inside one
        if (byte < 0x20 || byte == 0x7f) {
            std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
            line += escaped;
        } else if (is_bidi_control(text, i)) {
            const unsigned code = 0x2000u | ((static_cast<unsigned char>(text[i + 1]) & 0x3fu) << 6) |
                                  (static_cast<unsigned char>(text[i + 2]) & 0x3fu);
            std::snprintf(escaped, sizeof escaped, "\\u%04x", code);
            line += escaped;
            i += 2;
        } else {
            line += text[i];
        }
    }
    return i < text.size() ? line + "..." : line;
}

std::string seconds_text(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
    std::string text = buffer;
    // Milliseconds at most, without trailing zeros: "2", "0.25", "0.047".
    while (text.find('.') != std::string::npos && (text.back() == '0' || text.back() == '.')) text.pop_back();
    return text;
}

}  // namespace dms::conformance
