#include "noop_executor.hpp"

namespace dms::plugins {

sdk::PluginInfo NoopExecutor::info() {
    return {"noop",
            "1.0.0",
            "Does nothing, at once.",
            {{"noop", "Completes at once with the result {\"ok\": true}; any parameters are ignored.",
              nlohmann::json::array()}}};
}

void NoopExecutor::run(sdk::Task& task) { task.set_result({{"ok", true}}); }

}  // namespace dms::plugins
