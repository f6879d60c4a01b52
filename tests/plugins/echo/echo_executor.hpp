#pragma once

#include <dms/sdk.hpp>

namespace dms::test_plugins {

// Echoes its task back: a scriptable plugin for host tests (fail, checkpoint, wait, refuse on demand).
class EchoExecutor : public sdk::Executor {
public:
    static sdk::PluginInfo info();

    // Refuses with the `reject` parameter's text when there is one; checks `fail_attempts` and `wait_ms`.
    void validate(std::string_view service, const nlohmann::json& parameters) override;

    // Logs, reports progress, checkpoints `checkpoint`, waits `wait_ms`, fails with `fail`, else sets
    // {"parameters", "resume_cursor", "attempt", "task_id", "user_id", "service"} as the result.
    void run(sdk::Task& task) override;
};

}  // namespace dms::test_plugins
