#include "cli/service_admin_commands.hpp"

#include <iostream>

#include "cli/api_client.hpp"
#include "cli/client_settings.hpp"
#include "cli/formatting.hpp"

namespace dms::cli {
namespace {

void print_paused(const nlohmann::json& answer) {
    std::string services;
    for (const auto& service : answer.value("paused_services", nlohmann::json::array())) {
        services += (services.empty() ? "" : ", ") + cell(service);
    }
    std::cout << "paused services: " << (services.empty() ? "none" : services) << '\n';
}

}  // namespace

ServiceAdminCommands::ServiceAdminCommands(CLI::App& admin, const GlobalOptions& options) : options_(options) {
    CLI::App* services = admin.add_subcommand("services", "Pause and resume a service's queue");
    services->require_subcommand(1);
    CLI::App* pause = services->add_subcommand("pause", "Hold a service's queued tasks; running ones finish");
    pause->add_option("service,--service", service_, "The service")->required();
    pause->callback([this] { set_paused(true); });
    CLI::App* resume = services->add_subcommand("resume", "Let a paused service's queued tasks run again");
    resume->add_option("service,--service", service_, "The service")->required();
    resume->callback([this] { set_paused(false); });
    services->add_subcommand("paused", "The paused services")->callback([this] { paused(); });
}

void ServiceAdminCommands::set_paused(bool paused) {
    ClientSettings settings = ClientSettings::resolve(options_);
    std::string path = "/admin/services/" + ApiClient::segment(service_) + (paused ? "/pause" : "/resume");
    nlohmann::json answer = ApiClient(settings.api_base(), settings.require_token(), settings.timeout())
                                .call(Verb::post, path, {}, nullptr, true);
    if (options_.json) {
        std::cout << answer.dump(2) << '\n';
        return;
    }
    print_paused(answer);
}

void ServiceAdminCommands::paused() {
    ClientSettings settings = ClientSettings::resolve(options_);
    nlohmann::json answer = ApiClient(settings.api_base(), settings.require_token(), settings.timeout())
                                .get("/admin/services/paused", {}, true);
    if (options_.json) {
        std::cout << answer.dump(2) << '\n';
        return;
    }
    print_paused(answer);
}

}  // namespace dms::cli
