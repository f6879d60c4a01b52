#include "cli/command_line.hpp"

#include <iostream>

#include "cli/cli_error.hpp"

namespace dms::cli {

CommandLine::CommandLine()
    : app_("dmsctl: the command-line client of DMS. Global flags may come anywhere on the line.", "dmsctl") {
    app_.set_version_flag("--version", "dmsctl " DMS_VERSION);
    app_.add_option(
        "--api-base", options_.api_base,
        "Base URL of the API (env DMS_API_BASE; default http://127.0.0.1:8000 + DMS_API_PREFIX or /api/v1)");
    app_.add_option("--token", options_.token, "Operator token for admin commands (env DMS_OPERATOR_TOKEN)");
    app_.add_flag("--json", options_.json, "Print the API's JSON instead of tables, for scripts");
    app_.add_option("--timeout", options_.timeout_seconds, "Seconds one request may take")->capture_default_str();
    // Subcommands hand the global flags they do not know to this level, so they work after the command too.
    app_.fallthrough();
    app_.require_subcommand(1);

    tasks_ = std::make_unique<TasksCommands>(app_, options_, exit_code_);
    templates_ = std::make_unique<TemplatesCommands>(app_, options_);
    admin_ = std::make_unique<AdminCommands>(app_, options_);
    service_admin_ = std::make_unique<ServiceAdminCommands>(*app_.get_subcommand("admin"), options_);
    access_ = std::make_unique<AccessCommands>(*app_.get_subcommand("admin"), options_);
    host_ = std::make_unique<HostCommands>(app_, options_, exit_code_);
}

int CommandLine::run(int argc, char** argv) {
    try {
        app_.parse(argc, argv);
        return exit_code_;
    } catch (const CLI::Success& success) {
        return app_.exit(success);  // --help, --version
    } catch (const CLI::ParseError& error) {
        std::cerr << "dmsctl: " << error.what() << " (see dmsctl --help)\n";
        return kExitUsage;
    } catch (const CliError& error) {
        std::cerr << "dmsctl: " << error.what() << '\n';
        return error.exit_code();
    } catch (const std::exception& error) {
        std::cerr << "dmsctl: " << error.what() << '\n';
        return kExitError;
    }
}

}  // namespace dms::cli
