#include "cli/tasks_commands.hpp"

#include <iostream>

#include "cli/cli_error.hpp"
#include "cli/param_parsing.hpp"
#include "cli/task_printer.hpp"
#include "cli/task_watcher.hpp"

namespace dms::cli {
namespace {

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << '\n'; }

}  // namespace

TasksCommands::TasksCommands(CLI::App& app, const GlobalOptions& options, int& exit_code)
    : options_(options), exit_code_(exit_code) {
    CLI::App* tasks = app.add_subcommand("tasks", "Submit, follow and manage your tasks");
    tasks->require_subcommand(1);
    auto add_service = [this](CLI::App* command) {
        command->add_option("--service", service_, "The service (plugin) the task runs on")->required();
    };
    auto add_user = [this](CLI::App* command, bool required) {
        auto* option = command->add_option("--user", user_, "The user the task belongs to");
        if (required) option->required();
    };
    auto add_task_id = [this](CLI::App* command) {
        command->add_option("task_id,--task-id", task_id_, "The task's id")->required();
    };

    CLI::App* submit = tasks->add_subcommand("submit", "Submit a task; its parameters come from --param");
    add_service(submit);
    add_user(submit, true);
    submit->add_option("--param", params_, "A task parameter name=value (repeatable)")->allow_extra_args(false);
    submit->add_option("--priority", priority_, "high, mid or low (the host's default: low)")
        ->check(CLI::IsMember({"high", "mid", "low"}));
    submit->add_option("--max-retries", max_retries_, "Failed attempts to retry (the host's default: the service's)")
        ->check(CLI::Range(0, 1000));
    submit->add_option("--timeout", timeout_seconds_, "Longest run of one attempt, in seconds")
        ->check(CLI::PositiveNumber);
    submit->add_option("--run-at", run_at_,
                       "Start no earlier than this RFC 3339 time, e.g. 2026-12-04T09:30:00Z (the host checks it)");
    submit->add_flag("--wait", wait_, "Then follow it like `tasks watch` until it ends");
    submit->add_option("--interval", interval_seconds_, "Seconds between polls while waiting")->capture_default_str();
    submit->callback([this] { this->submit(); });

    CLI::App* list = tasks->add_subcommand("list", "A user's tasks in a service, newest first");
    add_service(list);
    add_user(list, true);
    listing_.add_options(*list);
    list->callback([this] { this->list(); });

    CLI::App* status = tasks->add_subcommand("status", "One task: status, progress, result, latest logs");
    add_service(status);
    add_user(status, true);
    add_task_id(status);
    status->callback([this] { this->status(); });

    CLI::App* users = tasks->add_subcommand("users", "The users who submitted tasks to a service");
    add_service(users);
    users->callback([this] { this->users(); });

    CLI::App* cancel = tasks->add_subcommand("cancel", "Cancel a queued or running task");
    add_service(cancel);
    add_user(cancel, true);
    add_task_id(cancel);
    cancel->callback([this] { this->cancel(); });

    CLI::App* remove = tasks->add_subcommand("delete", "Delete a task and its logs (a running one is stopped)");
    add_service(remove);
    add_user(remove, true);
    add_task_id(remove);
    remove->callback([this] { this->remove(); });

    CLI::App* watch = tasks->add_subcommand(
        "watch",
        "Follow a task until it ends; exit 0 completed, 3 failed, 4 cancelled. Give --service and "
        "--user, or the operator token");
    watch->add_option("--service", service_, "The task's service (with --user)");
    add_user(watch, false);
    add_task_id(watch);
    watch->add_option("--interval", interval_seconds_, "Seconds between polls")->capture_default_str();
    watch->callback([this] { this->watch(); });
}

ApiClient TasksCommands::client(const ClientSettings& settings) {
    return ApiClient(settings.api_base(), settings.token(), settings.timeout());
}

std::string TasksCommands::task_path(const std::string& suffix) const {
    return "/services/" + ApiClient::segment(service_) + "/tasks/" + ApiClient::segment(task_id_) + suffix;
}

void TasksCommands::submit() {
    ClientSettings settings = this->settings();
    nlohmann::json body = {{"parameters", parse_params(params_)}};
    if (!priority_.empty()) body["priority"] = priority_;
    if (max_retries_) body["max_retries"] = *max_retries_;
    if (timeout_seconds_) body["timeout_seconds"] = *timeout_seconds_;
    if (!run_at_.empty()) body["run_at"] = run_at_;
    std::string path = "/services/" + ApiClient::segment(service_) + "/users/" + ApiClient::segment(user_) + "/tasks";
    nlohmann::json task = client(settings).call(Verb::post, path, {}, body);
    std::string id = task.value("task_id", "");
    if (!wait_) {
        if (settings.json()) {
            print_json(task);
        } else {
            std::cout << "submitted task " << id << " (service " << service_ << ", user " << user_ << ", priority "
                      << task.value("priority", "?") << "): " << task.value("status", "?");
            if (task.value("next_run_at", nlohmann::json()).is_string()) {
                std::cout << " until " << task["next_run_at"].get<std::string>();
            }
            std::cout << '\n';
        }
        return;
    }
    // The id first, so that a person (or a log) can find the task even when the wait is interrupted.
    if (!settings.json()) std::cout << "submitted task " << id << '\n';
    follow(settings, id);
}

void TasksCommands::list() {
    ClientSettings settings = this->settings();
    std::string path = "/services/" + ApiClient::segment(service_) + "/users/" + ApiClient::segment(user_) + "/tasks";
    nlohmann::json page = listing_.fetch(client(settings), path, {}, false);
    if (settings.json()) return print_json(page);
    TaskPrinter(std::cout).print_page(page, false);
}

void TasksCommands::status() {
    ClientSettings settings = this->settings();
    nlohmann::json task = client(settings).get(task_path(), {{"user_id", user_}});
    if (settings.json()) return print_json(task);
    TaskPrinter(std::cout).print_task(task);
}

void TasksCommands::users() {
    ClientSettings settings = this->settings();
    nlohmann::json answer = client(settings).get("/services/" + ApiClient::segment(service_) + "/users");
    if (settings.json()) return print_json(answer);
    const nlohmann::json users = answer.value("users", nlohmann::json::array());
    if (users.empty()) std::cout << "no users have submitted tasks to " << service_ << '\n';
    for (const auto& user : users) std::cout << user.get<std::string>() << '\n';
}

void TasksCommands::cancel() {
    ClientSettings settings = this->settings();
    nlohmann::json task = client(settings).call(Verb::post, task_path("/cancel"), {{"user_id", user_}});
    if (settings.json()) return print_json(task);
    std::string status = task.value("status", "?");
    std::cout << "task " << task_id_ << ": " << status;
    if (status == "running") std::cout << ", cancel requested (its plugin is asked to stop)";
    std::cout << '\n';
}

void TasksCommands::remove() {
    ClientSettings settings = this->settings();
    client(settings).call(Verb::delete_, task_path(), {{"user_id", user_}});
    if (settings.json()) return print_json({{"task_id", task_id_}, {"deleted", true}});
    std::cout << "deleted task " << task_id_ << '\n';
}

void TasksCommands::watch() {
    ClientSettings settings = this->settings();
    if (service_.empty() != user_.empty())
        throw CliError("tasks watch takes --service and --user together", kExitUsage);
    if (service_.empty() && settings.token().empty()) {
        throw CliError("tasks watch needs --service and --user, or the operator token (--token or DMS_OPERATOR_TOKEN)",
                       kExitUsage);
    }
    follow(settings, task_id_);
}

void TasksCommands::follow(const ClientSettings& settings, const std::string& task_id) {
    if (!(interval_seconds_ > 0)) throw CliError("--interval must be more than 0 seconds", kExitUsage);
    ApiClient api = client(settings);
    TaskWatcher::Fetch fetch;
    if (!service_.empty() && !user_.empty()) {
        std::string path = "/services/" + ApiClient::segment(service_) + "/tasks/" + ApiClient::segment(task_id);
        fetch = [api, path, user = user_] { return api.get(path, {{"user_id", user}}); };
    } else {
        // An operator may follow any task by its id alone.
        fetch = [api, path = "/admin/tasks/" + ApiClient::segment(task_id)] { return api.get(path, {}, true); };
    }
    auto interval = std::chrono::milliseconds(static_cast<long long>(interval_seconds_ * 1000));
    exit_code_ = TaskWatcher(fetch, interval).watch(std::cout, settings.json());
}

}  // namespace dms::cli
