#include "command_line.hpp"

#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <dms/plugin_abi.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "check_options.hpp"
#include "plugin_checker.hpp"

namespace dms::conformance {
namespace {

#define DMS_STRINGIFY_(x) #x
#define DMS_STRINGIFY(x) DMS_STRINGIFY_(x)
constexpr const char* kVersion =
    "dms-plugin-check for plugin ABI " DMS_STRINGIFY(DMS_ABI_MAJOR) "." DMS_STRINGIFY(DMS_ABI_MINOR);

// Turns the raw options into CheckOptions, or throws std::invalid_argument saying what is wrong.
CheckOptions checked(CheckOptions options, const std::vector<std::string>& settings) {
    const auto parameters = nlohmann::json::parse(options.parameters_json, nullptr, false);
    if (!parameters.is_object()) throw std::invalid_argument("--params must be a JSON object");
    options.parameters_json = parameters.dump();
    for (const std::string& setting : settings) {
        const auto equals = setting.find('=');
        if (equals == std::string::npos || setting.rfind("DMS_", 0) != 0) {
            throw std::invalid_argument("--setting takes DMS_NAME=VALUE, got '" + setting + "'");
        }
        options.settings.emplace_back(setting.substr(0, equals), setting.substr(equals + 1));
    }
    options.library = std::filesystem::absolute(options.library);  // dlopen would search a bare name
    return options;
}

}  // namespace

int run_command_line(int argc, char** argv) {
    CLI::App app(
        "dms-plugin-check: runs a DMS executor plugin through the checks a host relies on (load, metadata, "
        "hostile parameters, run, progress, cancel), each in a child process, and prints one line per check.",
        "dms-plugin-check");
    app.set_version_flag("--version", kVersion);
    CheckOptions options;
    std::vector<std::string> settings;
    app.add_option("library", options.library, "The plugin's shared library, e.g. build/libdms_hello.so")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--service", options.service, "The service to check (default: the plugin's first)");
    app.add_option("--params", options.parameters_json,
                   "A JSON object of parameters the plugin should accept and run with")
        ->capture_default_str();
    app.add_option("--cancel-bound-seconds", options.cancel_bound_seconds, "How soon a cancelled run must return")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--run-timeout-seconds", options.run_timeout_seconds, "How long any one run may take")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--setting", settings,
                   "A setting the plugin reads, DMS_NAME=VALUE; repeatable (the environment is read too)")
        ->allow_extra_args(false)
        ->type_name("DMS_NAME=VALUE");
    try {
        app.parse(argc, argv);
        return PluginChecker(checked(options, settings)).run();
    } catch (const CLI::Success& success) {
        return app.exit(success);  // --help, --version
    } catch (const CLI::ParseError& error) {
        std::cerr << "dms-plugin-check: " << error.what() << " (see --help)\n";
        return kExitUsage;
    } catch (const std::invalid_argument& error) {
        std::cerr << "dms-plugin-check: " << error.what() << '\n';
        return kExitUsage;
    }
}

}  // namespace dms::conformance
