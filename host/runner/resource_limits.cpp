#include "runner/resource_limits.hpp"

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <string>
#include <system_error>

namespace dms::runner {
namespace {

void set_limit(int resource, const char* name, rlim_t soft, rlim_t hard) {
    rlimit current{};
    if (::getrlimit(resource, &current) != 0) throw std::system_error(errno, std::generic_category(), name);
    // An unprivileged process cannot raise its hard limit; a limit beyond it is the hard limit.
    if (current.rlim_max != RLIM_INFINITY) {
        hard = std::min(hard, current.rlim_max);
        soft = std::min(soft, hard);
    }
    const rlimit wanted{soft, hard};
    if (::setrlimit(resource, &wanted) != 0) {
        throw std::system_error(errno, std::generic_category(), std::string("setrlimit ") + name);
    }
}

}  // namespace

void apply_resource_limits(const config::RunnerLimits& limits) {
    set_limit(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
    if (limits.cpu_seconds > 0) {
        const auto seconds = static_cast<rlim_t>(std::ceil(limits.cpu_seconds));
        set_limit(RLIMIT_CPU, "RLIMIT_CPU", seconds, seconds + 1);
    }
    if (limits.memory_mb > 0) {
        // Each malloc arena reserves 64 MiB of address space, which RLIMIT_AS counts though little of it is
        // used: with a few threads that alone could exhaust a modest limit.
        ::mallopt(M_ARENA_MAX, 2);
        const rlim_t bytes = static_cast<rlim_t>(limits.memory_mb) << 20;
        set_limit(RLIMIT_AS, "RLIMIT_AS", bytes, bytes);
    }
    if (limits.open_files > 0) {
        const auto files = static_cast<rlim_t>(limits.open_files);
        set_limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", files, files);
    }
}

}  // namespace dms::runner
