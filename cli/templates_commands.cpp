#include "cli/templates_commands.hpp"

#include <iostream>

#include "cli/client_settings.hpp"
#include "cli/param_parsing.hpp"
#include "cli/table_printer.hpp"

namespace dms::cli {
namespace {

std::string text_or_dash(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "-";
    return value.dump();
}

}  // namespace

TemplatesCommands::TemplatesCommands(CLI::App& app, const GlobalOptions& options) : options_(options) {
    CLI::App* templates = app.add_subcommand("templates", "Recurring templates: a task at every cron occurrence");
    templates->require_subcommand(1);
    auto add_owner = [this](CLI::App* command) {
        command->add_option("--service", service_, "The service (plugin) its tasks run on")->required();
        command->add_option("--user", user_, "The user the template belongs to")->required();
    };
    auto add_template_id = [this](CLI::App* command) {
        command->add_option("template_id,--template-id", template_id_, "The template's id")->required();
    };

    CLI::App* create =
        templates->add_subcommand("create", "Create a template; its tasks' parameters come from --param");
    add_owner(create);
    create->add_option("--cron", cron_, "Five cron fields or @hourly, @daily, @weekly, @monthly, @yearly")->required();
    create->add_option("--zone", time_zone_, "IANA time zone of the schedule, e.g. Europe/Paris")->required();
    create->add_option("--param", params_, "A task parameter name=value (repeatable)")->allow_extra_args(false);
    create->add_option("--priority", priority_, "high, mid or low (default low)")
        ->check(CLI::IsMember({"high", "mid", "low"}));
    create->add_option("--max-retries", max_retries_, "Failed attempts to retry (default: the service's)")
        ->check(CLI::Range(0, 1000));
    create->add_option("--timeout", timeout_seconds_, "Longest run of one attempt, in seconds")
        ->check(CLI::PositiveNumber);
    create->add_option("--overlap", overlap_, "skip (default: no task while the last one runs) or allow")
        ->check(CLI::IsMember({"skip", "allow"}));
    create->add_option("--catch-up", catch_up_, "Missed occurrences: skip (default) or run_once")
        ->check(CLI::IsMember({"skip", "run_once"}));
    create->add_flag("--disabled", disabled_, "Create it disabled");
    create->callback([this] { this->create(); });

    CLI::App* list = templates->add_subcommand("list", "A user's templates in a service");
    add_owner(list);
    list->callback([this] { this->list(); });

    CLI::App* get = templates->add_subcommand("get", "One template with its next run");
    add_owner(get);
    add_template_id(get);
    get->callback([this] { this->get(); });

    CLI::App* remove = templates->add_subcommand("delete", "Delete a template (its tasks stay)");
    add_owner(remove);
    add_template_id(remove);
    remove->callback([this] { this->remove(); });

    CLI::App* enable = templates->add_subcommand("enable", "Enable a template from its next occurrence after now");
    add_owner(enable);
    add_template_id(enable);
    enable->callback([this] { set_enabled(true); });

    CLI::App* disable = templates->add_subcommand("disable", "Disable a template: no more tasks until enabled");
    add_owner(disable);
    add_template_id(disable);
    disable->callback([this] { set_enabled(false); });

    CLI::App* preview = templates->add_subcommand("preview", "The next runs, in the template's zone and in UTC");
    add_owner(preview);
    add_template_id(preview);
    preview->add_option("--count", count_, "How many runs (1 to 100)")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    preview->callback([this] { this->preview(); });
}

ApiClient TemplatesCommands::client() const {
    ClientSettings settings = ClientSettings::resolve(options_);
    return ApiClient(settings.api_base(), settings.token(), settings.timeout());
}

std::string TemplatesCommands::templates_path(const std::string& suffix) const {
    return "/services/" + ApiClient::segment(service_) + "/users/" + ApiClient::segment(user_) + "/templates" + suffix;
}

std::string TemplatesCommands::template_path(const std::string& suffix) const {
    return templates_path("/" + ApiClient::segment(template_id_) + suffix);
}

void TemplatesCommands::print_template(const nlohmann::json& definition) const {
    if (ClientSettings::resolve(options_).json()) {
        std::cout << definition.dump(2) << '\n';
        return;
    }
    TablePrinter table({"FIELD", "VALUE"});
    for (const char* field : {"template_id", "service", "user_id", "cron", "time_zone", "enabled", "next_run_at",
                              "next_run_at_utc", "last_occurrence", "last_task_id", "priority", "max_retries",
                              "timeout_seconds", "overlap", "catch_up", "parameters"}) {
        table.add_row({field, text_or_dash(definition.value(field, nlohmann::json()))});
    }
    table.print(std::cout);
}

void TemplatesCommands::create() {
    nlohmann::json body = {{"cron", cron_}, {"time_zone", time_zone_}, {"parameters", parse_params(params_)}};
    if (!priority_.empty()) body["priority"] = priority_;
    if (max_retries_) body["max_retries"] = *max_retries_;
    if (timeout_seconds_) body["timeout_seconds"] = *timeout_seconds_;
    if (!overlap_.empty()) body["overlap"] = overlap_;
    if (!catch_up_.empty()) body["catch_up"] = catch_up_;
    if (disabled_) body["enabled"] = false;
    print_template(client().call(Verb::post, templates_path(), {}, body));
}

void TemplatesCommands::list() {
    nlohmann::json answer = client().get(templates_path());
    if (ClientSettings::resolve(options_).json()) {
        std::cout << answer.dump(2) << '\n';
        return;
    }
    TablePrinter table({"TEMPLATE", "CRON", "ZONE", "ENABLED", "NEXT RUN"});
    for (const nlohmann::json& definition : answer.value("templates", nlohmann::json::array())) {
        table.add_row({text_or_dash(definition["template_id"]), text_or_dash(definition["cron"]),
                       text_or_dash(definition["time_zone"]), definition.value("enabled", false) ? "yes" : "no",
                       text_or_dash(definition["next_run_at"])});
    }
    table.print(std::cout);
}

void TemplatesCommands::get() { print_template(client().get(template_path())); }

void TemplatesCommands::remove() {
    client().call(Verb::delete_, template_path());
    if (!ClientSettings::resolve(options_).json()) std::cout << "deleted template " << template_id_ << '\n';
}

void TemplatesCommands::set_enabled(bool enabled) {
    print_template(client().call(Verb::post, template_path(enabled ? "/enable" : "/disable")));
}

void TemplatesCommands::preview() {
    nlohmann::json answer = client().get(template_path("/preview"), {{"count", std::to_string(count_)}});
    if (ClientSettings::resolve(options_).json()) {
        std::cout << answer.dump(2) << '\n';
        return;
    }
    TablePrinter table({"RUN (" + answer.value("time_zone", std::string("zone")) + ")", "UTC"});
    for (const nlohmann::json& run : answer.value("runs", nlohmann::json::array())) {
        table.add_row({text_or_dash(run["at"]), text_or_dash(run["at_utc"])});
    }
    table.print(std::cout);
}

}  // namespace dms::cli
