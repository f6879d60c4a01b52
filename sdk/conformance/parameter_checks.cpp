// check_validate_accepts and check_hostile, from plugin_checks.hpp.
#include "plugin_checks.hpp"

#include "isolated_call.hpp"
#include "loaded_plugin.hpp"
#include "report_text.hpp"
#include "status_names.hpp"

namespace dms::conformance {
namespace {

// validate runs on the host's request threads: it has to answer quickly.
constexpr double kValidateSeconds = 10;

ValidateAnswer validate_in(LoadedPlugin& plugin, ChildChannel& channel, const std::string& service,
                           const std::string& parameters_json) {
    channel.enter("validate", kValidateSeconds, "validate did not answer within 10 s (it runs on request threads)");
    return plugin.host().validate(service, parameters_json);
}

// A validate status outside OK and INVALID: with the C++ SDK, an exception other than InvalidParameters.
std::string undocumented_validate(const ValidateAnswer& answer) {
    return "validate answered " + status_name(answer.status) +
           "; it may answer only OK or INVALID (an exception other than InvalidParameters?): " +
           one_line(answer.message);
}

}  // namespace

CheckOutcome check_validate_accepts(const CheckTarget& target) {
    return run_isolated([&](ChildChannel& channel) {
        LoadedPlugin plugin(target.options.library);
        const ValidateAnswer answer = validate_in(plugin, channel, target.service, target.options.parameters_json);
        if (answer.status == DMS_STATUS_OK) {
            return CheckOutcome::pass("accepted " + one_line(target.options.parameters_json));
        }
        if (answer.status == DMS_STATUS_INVALID) {
            return CheckOutcome::fail("refused --params: " + one_line(answer.message));
        }
        return CheckOutcome::fail(undocumented_validate(answer));
    });
}

CheckOutcome check_hostile(const CheckTarget& target, const HostileCase& hostile) {
    return run_isolated([&](ChildChannel& channel) {
        LoadedPlugin plugin(target.options.library);
        const ValidateAnswer answer = validate_in(plugin, channel, target.service, hostile.parameters_json);
        if (answer.status == DMS_STATUS_OK) return CheckOutcome::pass("validate accepted it");
        if (answer.status != DMS_STATUS_INVALID) return CheckOutcome::fail(undocumented_validate(answer));

        // A task can still reach run with parameters validate would now refuse (a plugin upgraded under a queue).
        const double timeout = target.options.run_timeout_seconds;
        channel.enter("run", timeout,
                      "run with parameters validate refused did not end within " + seconds_text(timeout) + " s");
        const RunRecord run = plugin.host().run(target.service, hostile.parameters_json);
        const std::string refused =
            "validate refused it (" + one_line(answer.message, 80) + "); run ended " + status_name(run.status);
        if (!documented_for_run(run.status)) return CheckOutcome::fail(refused + ", not a documented status");
        return CheckOutcome::pass(refused);
    });
}

}  // namespace dms::conformance
