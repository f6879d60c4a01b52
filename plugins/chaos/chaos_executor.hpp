#pragma once

#include <dms/sdk.hpp>

namespace dms::plugins {

// Misbehaves on purpose, one way per `mode`: the fault injector for testing hosts and dms-plugin-check.
// Ships with the SDK, never among the bundled plugins.
class ChaosExecutor : public sdk::Executor {
public:
    static sdk::PluginInfo info();

    // Accepts `mode`, `seconds`, `message` and `fail_attempts`, numbers also as numeric strings.
    void validate(std::string_view service, const nlohmann::json& parameters) override;

    // Misbehaves as `mode` says on attempts 1..fail_attempts (every attempt when it is unset); an attempt
    // that ends well sets {"mode": ..., "attempt": N} as the result.
    void run(sdk::Task& task) override;
};

}  // namespace dms::plugins
