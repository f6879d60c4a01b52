#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dms::util {

// Deep enough for any real parameters or result; shallow enough that copying, storing and printing a
// value (all recursive in nlohmann::json) cannot exhaust a thread's stack.
inline constexpr int kMaxJsonDepth = 64;

// Parses untrusted JSON text (a request body, a plugin's result). Nothing when it is not valid JSON or
// nests deeper than `max_depth`.
std::optional<nlohmann::json> parse_bounded_json(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace dms::util
