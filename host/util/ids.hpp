#pragma once

#include <string>
#include <string_view>

namespace dms::util {

// A new random (version 4) UUID in its canonical lower-case text form.
std::string new_task_id();

// True when `text` is a UUID in canonical text form; lets handlers answer 404 without a store look-up.
bool looks_like_task_id(std::string_view text);

}  // namespace dms::util
