#pragma once

#include <string_view>

#include "task/task.hpp"

namespace dms::plugin {

enum class LogLevel { debug, info, warn, error };

// What a running plugin talks to: the host side of one attempt. The dispatcher implements it; the
// plugin bridge turns the C callbacks of dms_host_api into calls on it. THREADING: called from the
// worker thread running the task and from any thread the plugin starts during run.
class RunContext {
public:
    virtual ~RunContext() = default;

    virtual void log(LogLevel level, std::string_view message) = 0;
    virtual void progress(const task::Progress& progress) = 0;
    virtual bool cancelled() const = 0;
    virtual void checkpoint(std::string_view cursor) = 0;
    // The plugin says it is alive, with no progress to report.
    virtual void heartbeat() = 0;
};

}  // namespace dms::plugin
