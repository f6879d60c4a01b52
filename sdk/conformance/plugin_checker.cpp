#include "plugin_checker.hpp"

#include <iostream>

#include <dms/plugin_abi.h>

#include "check_host.hpp"
#include "plugin_checks.hpp"
#include "report_text.hpp"

namespace dms::conformance {
namespace {

CheckOutcome progress_outcome(const CheckOutcome& run) {
    if (!run.data.contains("progress_problem")) return CheckOutcome::skip("the run did not end");
    const std::string problem = run.data.value("progress_problem", "");
    if (!problem.empty()) return CheckOutcome::fail(problem);
    const std::size_t reports = run.data.value("progress_reports", std::size_t{0});
    return CheckOutcome::pass(reports == 0 ? "no progress reported" : std::to_string(reports) + " reports, all sane");
}

std::string listed(const nlohmann::json& names) {
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "" : ", ") + one_line(name.get<std::string>(), 64);
    return list.empty() ? "none" : list;
}

}  // namespace

int PluginChecker::run() {
    std::cout << "dms-plugin-check (plugin ABI " << DMS_ABI_MAJOR << '.' << DMS_ABI_MINOR
              << "): " << options_.library.string() << std::endl;
    for (const auto& [name, value] : options_.settings) CheckHost::set_setting(name, value);

    const CheckOutcome load = check_load(options_);
    report_.add("load", load);
    if (!load.passed()) {
        report_.add("metadata", CheckOutcome::skip("the plugin did not load"));
        return finish();
    }
    if (load.data.contains("metadata_problem")) {
        report_.add("metadata", CheckOutcome::fail(load.data.value("metadata_problem", "")));
        return finish();
    }
    const nlohmann::json& description = load.data.at("description");
    nlohmann::json service_names = nlohmann::json::array();
    for (const auto& service : description.at("services")) service_names.push_back(service.at("name"));
    const std::string service = chosen_service(description);
    if (service.empty()) {
        report_.add("metadata", CheckOutcome::fail("no service '" + options_.service + "'; the plugin provides " +
                                                   listed(service_names)));
        return finish();
    }
    nlohmann::json parameter_names = nlohmann::json::array();
    for (const auto& entry : description.at("services")) {
        if (entry.at("name") == service) parameter_names = entry.at("parameters");
    }
    report_.add("metadata", CheckOutcome::pass("services " + listed(service_names) + "; checking '" + service +
                                               "', parameters " + listed(parameter_names)));
    check_calls(service, parameter_names);
    return finish();
}

std::string PluginChecker::chosen_service(const nlohmann::json& description) const {
    for (const auto& service : description.at("services")) {
        const std::string name = service.at("name").get<std::string>();
        if (options_.service.empty() || options_.service == name) return name;
    }
    return {};
}

void PluginChecker::check_calls(const std::string& service, const nlohmann::json& parameter_names) {
    const CheckTarget target{options_, service};
    report_.add("validate --params", check_validate_accepts(target));
    const auto base = nlohmann::json::parse(options_.parameters_json);
    for (const HostileCase& hostile : hostile_cases(parameter_names.get<std::vector<std::string>>(), base)) {
        report_.add("hostile (" + hostile.label + ")", check_hostile(target, hostile));
    }
    const CheckOutcome run = check_run(target);
    report_.add("run", run);
    report_.add("progress", progress_outcome(run));
    report_.add("cancel", check_cancel(target));
}

int PluginChecker::finish() const {
    report_.print_summary();
    return report_.any_failed() ? 1 : 0;
}

}  // namespace dms::conformance
