#pragma once

#include <string>

namespace dms::app {

// Sends spdlog's default logger to stdout, as JSON lines (one object per line, for log aggregation)
// or plain text, at the given level name.
void configure_logging(const std::string& level, bool json);

}  // namespace dms::app
