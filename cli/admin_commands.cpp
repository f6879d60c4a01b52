#include "cli/admin_commands.hpp"

#include <iostream>

#include "cli/client_settings.hpp"
#include "cli/formatting.hpp"
#include "cli/stats_printer.hpp"
#include "cli/table_printer.hpp"
#include "cli/task_printer.hpp"

namespace dms::cli {
namespace {

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << '\n'; }

void print_blocks(const nlohmann::json& blocks) {
    std::cout << "global block: " << (blocks.value("blocked", false) ? "on (all submissions refused)" : "off") << '\n';
    std::string users;
    for (const auto& user : blocks.value("blocked_users", nlohmann::json::array())) {
        users += (users.empty() ? "" : ", ") + cell(user);
    }
    std::cout << "blocked users: " << (users.empty() ? "none" : users) << '\n';
}

}  // namespace

AdminCommands::AdminCommands(CLI::App& app, const GlobalOptions& options) : options_(options) {
    CLI::App* admin = app.add_subcommand("admin", "Operator commands (--token or DMS_OPERATOR_TOKEN)");
    admin->require_subcommand(1);
    auto add_task_id = [this](CLI::App* command) {
        command->add_option("task_id,--task-id", task_id_, "The task's id")->required();
    };

    CLI::App* block = admin->add_subcommand("block", "Refuse new submissions: from everyone, or from --user");
    block->add_option("--user", user_, "Only this user");
    block->callback([this] { this->block(true); });
    CLI::App* unblock = admin->add_subcommand("unblock", "Accept new submissions again: from everyone, or --user");
    unblock->add_option("--user", user_, "Only this user");
    unblock->callback([this] { this->block(false); });
    admin->add_subcommand("blocks", "The global block and the blocked users")->callback([this] { blocks(); });

    CLI::App* priority = admin->add_subcommand("priority", "Move a task to another queue (it keeps its turn)");
    add_task_id(priority);
    priority->add_option("priority,--priority", priority_, "high, mid or low")
        ->required()
        ->check(CLI::IsMember({"high", "mid", "low"}));
    priority->callback([this] { this->priority(); });

    admin->add_subcommand("stats", "Counts by status, service and priority; event totals")->callback([this] {
        stats();
    });

    CLI::App* tasks = admin->add_subcommand("tasks", "All tasks, newest first");
    tasks->add_option("--service", service_, "Only this service");
    tasks->add_option("--user", user_, "Only this user");
    listing_.add_options(*tasks);
    tasks->callback([this] { this->tasks("/admin/tasks"); });

    CLI::App* dead_letters =
        admin->add_subcommand("dead-letters", "Failed tasks (retries spent, or failed for good), newest first");
    dead_letters->add_option("--service", service_, "Only this service");
    dead_letters->add_option("--user", user_, "Only this user");
    listing_.add_options(*dead_letters);
    dead_letters->callback([this] { this->tasks("/admin/dead-letters"); });

    CLI::App* retry = admin->add_subcommand("retry", "Put a failed task back in its queue with a fresh retry budget");
    add_task_id(retry);
    retry->callback([this] { this->retry(); });

    CLI::App* status = admin->add_subcommand("status", "Any task, by its id");
    add_task_id(status);
    status->callback([this] { show_task(); });
    CLI::App* cancel = admin->add_subcommand("cancel", "Cancel any task");
    add_task_id(cancel);
    cancel->callback([this] { this->cancel(); });
    CLI::App* remove = admin->add_subcommand("delete", "Delete any task and its logs");
    add_task_id(remove);
    remove->callback([this] { this->remove(); });

    admin->add_subcommand("plugins", "The loaded plugins' services, versions and parameters")->callback([this] {
        plugins();
    });
}

ApiClient AdminCommands::operator_client() const {
    ClientSettings settings = ClientSettings::resolve(options_);
    return ApiClient(settings.api_base(), settings.require_token(), settings.timeout());
}

std::string AdminCommands::task_path(const std::string& suffix) const {
    return "/admin/tasks/" + ApiClient::segment(task_id_) + suffix;
}

void AdminCommands::block(bool blocked) {
    std::string action = blocked ? "/block" : "/unblock";
    std::string path = user_.empty() ? "/admin" + action : "/admin/users/" + ApiClient::segment(user_) + action;
    nlohmann::json blocks = operator_client().call(Verb::post, path, {}, nullptr, true);
    if (json()) return print_json(blocks);
    print_blocks(blocks);
}

void AdminCommands::blocks() {
    nlohmann::json blocks = operator_client().get("/admin/blocks", {}, true);
    if (json()) return print_json(blocks);
    print_blocks(blocks);
}

void AdminCommands::priority() {
    nlohmann::json task =
        operator_client().call(Verb::put, task_path("/priority"), {}, {{"priority", priority_}}, true);
    if (json()) return print_json(task);
    std::cout << "task " << task_id_ << ": priority " << task.value("priority", "?") << ", "
              << task.value("status", "?") << '\n';
}

void AdminCommands::stats() {
    nlohmann::json stats = operator_client().get("/admin/stats", {}, true);
    if (json()) return print_json(stats);
    StatsPrinter(std::cout).print(stats);
}

void AdminCommands::tasks(const std::string& path) {
    Query query;
    if (!service_.empty()) query.emplace_back("service", service_);
    if (!user_.empty()) query.emplace_back("user_id", user_);
    nlohmann::json page = listing_.fetch(operator_client(), path, query, true);
    if (json()) return print_json(page);
    TaskPrinter(std::cout).print_page(page, true);
}

void AdminCommands::show_task() {
    nlohmann::json task = operator_client().get(task_path(), {}, true);
    if (json()) return print_json(task);
    TaskPrinter(std::cout).print_task(task);
}

void AdminCommands::cancel() {
    nlohmann::json task = operator_client().call(Verb::post, task_path("/cancel"), {}, nullptr, true);
    if (json()) return print_json(task);
    std::cout << "task " << task_id_ << ": " << task.value("status", "?") << '\n';
}

void AdminCommands::retry() {
    nlohmann::json task = operator_client().call(Verb::post, task_path("/retry"), {}, nullptr, true);
    if (json()) return print_json(task);
    // The status is as read back, which the task's next attempt may already have changed.
    std::cout << "task " << task_id_ << ": back in its queue with a fresh budget of " << task.value("max_retries", 0)
              << " retries (now " << task.value("status", "?") << ")\n";
}

void AdminCommands::remove() {
    operator_client().call(Verb::delete_, task_path(), {}, nullptr, true);
    if (json()) return print_json({{"task_id", task_id_}, {"deleted", true}});
    std::cout << "deleted task " << task_id_ << '\n';
}

void AdminCommands::plugins() {
    ClientSettings settings = ClientSettings::resolve(options_);
    nlohmann::json answer = ApiClient(settings.api_base(), settings.token(), settings.timeout()).get("/services");
    if (json()) return print_json(answer);
    TablePrinter table({"SERVICE", "PLUGIN", "VERSION", "PARAMETERS", "DESCRIPTION"});
    for (const auto& service : answer.value("services", nlohmann::json::array())) {
        std::string parameters;
        for (const auto& parameter : service.value("parameters", nlohmann::json::array())) {
            std::string name = parameter.value("name", "?");
            if (parameter.value("required", false)) name += "*";
            parameters += (parameters.empty() ? "" : ", ") + name;
        }
        table.add_row({cell(service.value("name", nlohmann::json())), cell(service.value("plugin", nlohmann::json())),
                       cell(service.value("version", nlohmann::json())), parameters.empty() ? "-" : parameters,
                       cell(service.value("description", nlohmann::json()))});
    }
    if (table.empty()) {
        std::cout << "no plugins loaded\n";
        return;
    }
    table.print(std::cout);
    std::cout << "(* required parameter)\n";
}

}  // namespace dms::cli
