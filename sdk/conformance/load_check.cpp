// check_load, from plugin_checks.hpp.
#include "plugin_checks.hpp"

#include "isolated_call.hpp"
#include "loaded_plugin.hpp"
#include "plugin_description.hpp"
#include "report_text.hpp"

namespace dms::conformance {

CheckOutcome check_load(const CheckOptions& options) {
    return run_isolated([&](ChildChannel& channel) {
        LoadedPlugin plugin(options.library);
        const dms_plugin_api& api = plugin.host().plugin();
        channel.enter("reading the description", 30, "reading the plugin's description did not end within 30 s");
        const std::string problem = description_problem(api);
        CheckOutcome outcome = CheckOutcome::pass("dms_plugin_init succeeded; destroy returned");
        if (problem.empty()) {
            nlohmann::json description = describe(api);
            outcome.detail = "plugin '" + one_line(description["name"].get<std::string>()) + "' " +
                             one_line(description["version"].get<std::string>()) + ", ABI " +
                             description["abi"].get<std::string>() + "; " + outcome.detail;
            outcome.data["description"] = std::move(description);
        } else {
            outcome.data["metadata_problem"] = problem;
        }
        channel.enter("destroy", 30, "destroy did not return within 30 s");
        plugin.host().unload();
        return outcome;
    });
}

}  // namespace dms::conformance
