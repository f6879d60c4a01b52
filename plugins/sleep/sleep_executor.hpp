#pragma once

#include <dms/sdk.hpp>

namespace dms::plugins {

// Sleeps for a given number of seconds: the host's test load, showing progress, cancel and resume.
class SleepExecutor : public sdk::Executor {
public:
    static constexpr double kMaxSeconds = 86400;

    static sdk::PluginInfo info();

    // Accepts exactly one parameter, `seconds`: a number or numeric string in [0, 86400].
    void validate(std::string_view service, const nlohmann::json& parameters) override;

    // Sleeps in slices of at most 50 ms, checkpointing the seconds slept so that a later attempt sleeps
    // only what remains.
    void run(sdk::Task& task) override;
};

}  // namespace dms::plugins
