#include "cli/host_commands.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_error.hpp"
#include "cli/client_settings.hpp"
#include "cli/formatting.hpp"
#include "cli/host_launcher.hpp"
#include "cli/table_printer.hpp"

namespace dms::cli {

HostCommands::HostCommands(CLI::App& app, const GlobalOptions& options, int& exit_code)
    : options_(options), exit_code_(exit_code) {
    serve_ = app.add_subcommand("serve",
                                "Start dms-host here; every argument after `serve` goes to it "
                                "(e.g. dmsctl serve --host 0.0.0.0 --port 8000 --auth-mode api-key)");
    // Everything after the command belongs to dms-host, its --help and --version included: no flag falls
    // through to dmsctl's own.
    serve_->prefix_command();
    serve_->fallthrough(false);
    serve_->set_help_flag();
    serve_->callback([this] { serve(); });

    show_config_ = app.add_subcommand("show-config",
                                      "Print dmsctl's settings and dms-host's effective "
                                      "configuration (secrets masked); arguments go to dms-host");
    show_config_->prefix_command();
    show_config_->fallthrough(false);
    show_config_->callback([this] { show_config(); });
}

void HostCommands::serve() { HostLauncher::exec(HostLauncher::find(), serve_->remaining()); }

void HostCommands::show_config() {
    ClientSettings settings = ClientSettings::resolve(options_);
    std::filesystem::path binary = HostLauncher::find();
    std::vector<std::string> args = show_config_->remaining();
    args.push_back("--show-config");
    HostLauncher::Captured host = HostLauncher::capture(binary, args);
    if (host.exit_code != 0) {
        std::string why = host.err.empty() ? host.out : host.err;
        throw CliError(binary.string() + " --show-config failed: " + why.substr(0, why.find('\n')));
    }
    nlohmann::json config = nlohmann::json::parse(host.out, nullptr, false);
    if (config.is_discarded()) throw CliError(binary.string() + " --show-config did not print JSON");

    nlohmann::json client = settings.to_json();
    if (options_.json) {
        std::cout << nlohmann::json{{"dmsctl", client}, {"dms_host", {{"binary", binary.string()}, {"config", config}}}}
                         .dump(2)
                  << '\n';
        return;
    }
    std::cout << "dmsctl\n";
    TablePrinter table({"  api_base", client["api_base"].get<std::string>() + " (" +
                                          client["api_base_from"].get<std::string>() + ")"});
    table.add_row({"  operator_token", client["operator_token"].is_null()
                                           ? "not set"
                                           : "*** (" + client["operator_token_from"].get<std::string>() + ")"});
    table.add_row({"  timeout", format_number(client["timeout_seconds"].get<double>()) + " s"});
    table.print(std::cout);
    std::cout << "\ndms-host (" << binary.string() << ")\n";
    TablePrinter host_table({"  setting", "value"});
    for (const auto& [name, value] : config.items()) host_table.add_row({"  " + name, cell(value)});
    host_table.print(std::cout);
    exit_code_ = kExitOk;
}

}  // namespace dms::cli
