#include "chaos_executor.hpp"

#include <string>

#include "chaos_modes.hpp"
#include "chaos_parameters.hpp"

namespace dms::plugins {

sdk::PluginInfo ChaosExecutor::info() {
    return {"chaos",
            "1.0.0",
            "Misbehaves on purpose (fails, crashes, hangs, ignores cancel, leaks...): a fault injector for tests.",
            {{"chaos",
              "Runs the misbehaviour `mode` names, then sets {\"mode\", \"attempt\"} as the result if it ends well.",
              chaos_parameter_info()}}};
}

void ChaosExecutor::validate(std::string_view, const nlohmann::json& parameters) { parse_chaos_parameters(parameters); }

void ChaosExecutor::run(sdk::Task& task) {
    const ChaosParameters parameters = parse_chaos_parameters(task.parameters());
    const std::string mode(chaos_mode_name(parameters.mode));
    if (parameters.applies_to(task.attempt())) {
        task.info("chaos: " + mode + " on attempt " + std::to_string(task.attempt()));
        misbehave(parameters, task);
    } else {
        task.info("chaos: attempt " + std::to_string(task.attempt()) + " is past fail_attempts=" +
                  std::to_string(*parameters.fail_attempts) + "; succeeding instead of " + mode);
    }
    task.set_result({{"mode", mode}, {"attempt", task.attempt()}});
}

}  // namespace dms::plugins
