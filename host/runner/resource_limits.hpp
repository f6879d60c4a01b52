#pragma once

#include "config/service_policy.hpp"

namespace dms::runner {

// Limits the calling process with setrlimit, for the plugin it is about to load: RLIMIT_CPU (soft at the
// limit, rounded up, so SIGXCPU ends it; hard a second later for a plugin that catches that), RLIMIT_AS and
// RLIMIT_NOFILE; 0 leaves one as it is. A limit above the inherited hard limit is held to it. Core dumps
// are always off: a crashing plugin must not fill the disk. Throws std::system_error naming the limit.
void apply_resource_limits(const config::RunnerLimits& limits);

}  // namespace dms::runner
