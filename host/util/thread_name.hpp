#pragma once

#include <string>

namespace dms::util {

// Names the calling thread as `top -H`, `ps -L`, perf and gdb show it (Linux keeps the first 15 bytes), so an
// operator can tell the committer from an HTTP thread or a worker. Best effort: a failure changes nothing else.
void name_this_thread(const std::string& name);

}  // namespace dms::util
