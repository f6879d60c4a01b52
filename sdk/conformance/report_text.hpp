#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dms::conformance {

// Text from a plugin (a message, a result) fit for one report line: control bytes escaped, cut at `limit`.
std::string one_line(std::string_view text, std::size_t limit = 200);

// Seconds to the millisecond, as a person reads them: "2", "0.25", "0.003", "0".
std::string seconds_text(double seconds);

}  // namespace dms::conformance
