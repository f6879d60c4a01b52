#include "cli/access_commands.hpp"

#include <iostream>

#include "cli/cli_error.hpp"
#include "cli/client_settings.hpp"
#include "cli/formatting.hpp"
#include "cli/table_printer.hpp"

namespace dms::cli {
namespace {

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << '\n'; }

std::string owner_of(const nlohmann::json& key) {
    if (key.value("user_id", nlohmann::json()).is_string()) return cell(key["user_id"]) + "@" + cell(key["tenant"]);
    return "service " + cell(key["service"]) + "@" + cell(key["tenant"]);
}

std::string joined(const nlohmann::json& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ",") + cell(name);
    return text;
}

}  // namespace

AccessCommands::AccessCommands(CLI::App& admin, const GlobalOptions& options) : options_(options) {
    CLI::App* keys = admin.add_subcommand("keys", "API keys for DMS_AUTH_MODE=api-key: create, list, show, revoke");
    keys->require_subcommand(1);
    CLI::App* create = keys->add_subcommand("create", "Create a key for a user or a service account; shown once");
    create->add_option("--tenant", tenant_, "The key's tenant")->required();
    auto* user = create->add_option("--user", user_, "The user the key acts as");
    auto* service = create->add_option("--service", service_, "Or: the service of a service account");
    user->excludes(service);
    create->add_option("--permission,--permissions", permissions_, "submit, read, cancel, delete, admin")
        ->required()
        ->delimiter(',');
    auto* at = create->add_option("--expires-at", expires_at_, "Expiry, RFC 3339 with an offset");
    expires_in_option_ =
        create->add_option("--expires-in", expires_in_, "Or: expiry in seconds from now")->excludes(at);
    create->callback([this] { create_key(); });
    CLI::App* list = keys->add_subcommand("list", "Every key (never its secret), oldest first");
    list->add_option("--tenant", tenant_, "Only this tenant's keys");
    list->callback([this] { list_keys(); });
    CLI::App* show = keys->add_subcommand("show", "One key");
    show->add_option("key_id,--key-id", key_id_, "The key's id")->required();
    show->callback([this] { show_key(); });
    CLI::App* revoke = keys->add_subcommand("revoke", "Revoke a key: refused at once on every host");
    revoke->add_option("key_id,--key-id", key_id_, "The key's id")->required();
    revoke->callback([this] { revoke_key(); });

    CLI::App* audit = admin.add_subcommand("audit", "The operators' audit trail: list, verify");
    audit->require_subcommand(1);
    CLI::App* records = audit->add_subcommand("list", "Operator actions, newest first");
    records->add_option("--action", action_, "Only this action, e.g. task.cancel");
    records->add_option("--actor-key", actor_key_, "Only actions by this key id");
    records->add_option("--target", target_, "Only actions on this target");
    records->add_option("--since", since_, "At or after this RFC 3339 time");
    records->add_option("--until", until_, "Before this RFC 3339 time");
    records->add_option("--limit", limit_, "How many records")->check(CLI::Range(1, 1000));
    records->callback([this] { list_audit(); });
    audit->add_subcommand("verify", "Check the hash chain; exits non-zero when a record was changed or removed")
        ->callback([this] { verify_audit(); });
}

ApiClient AccessCommands::operator_client() const {
    ClientSettings settings = ClientSettings::resolve(options_);
    return ApiClient(settings.api_base(), settings.require_token(), settings.timeout());
}

void AccessCommands::create_key() {
    if (user_.empty() == service_.empty()) throw CliError("give --user or --service (a service account), one of them");
    nlohmann::json body{{"tenant", tenant_}, {"permissions", permissions_}};
    if (!user_.empty()) body["user_id"] = user_;
    if (!service_.empty()) body["service"] = service_;
    if (!expires_at_.empty()) body["expires_at"] = expires_at_;
    if (expires_in_option_->count() > 0) body["expires_in_seconds"] = expires_in_;
    nlohmann::json key = operator_client().call(Verb::post, "/admin/keys", {}, body, true);
    if (options_.json) return print_json(key);
    std::cout << "key " << cell(key["key_id"]) << " for " << owner_of(key) << " (" << joined(key["permissions"])
              << "), expires " << (key["expires_at"].is_null() ? "never" : format_time(key["expires_at"])) << '\n'
              << cell(key["key"]) << '\n'
              << "Keep it now: it is not shown again.\n";
}

void AccessCommands::print_keys(const nlohmann::json& keys) const {
    TablePrinter table({"KEY ID", "OWNER", "PERMISSIONS", "STATUS", "CREATED", "EXPIRES"});
    for (const auto& key : keys) {
        table.add_row({cell(key["key_id"]), owner_of(key), joined(key["permissions"]), cell(key["status"]),
                       format_time(key["created_at"]),
                       key["expires_at"].is_null() ? "never" : format_time(key["expires_at"])});
    }
    if (table.empty()) {
        std::cout << "no keys\n";
        return;
    }
    table.print(std::cout);
}

void AccessCommands::list_keys() {
    Query query;
    if (!tenant_.empty()) query.emplace_back("tenant", tenant_);
    nlohmann::json answer = operator_client().get("/admin/keys", query, true);
    if (options_.json) return print_json(answer);
    print_keys(answer["keys"]);
}

void AccessCommands::show_key() {
    nlohmann::json key = operator_client().get("/admin/keys/" + ApiClient::segment(key_id_), {}, true);
    if (options_.json) return print_json(key);
    print_keys(nlohmann::json::array({key}));
}

void AccessCommands::revoke_key() {
    nlohmann::json key =
        operator_client().call(Verb::post, "/admin/keys/" + ApiClient::segment(key_id_) + "/revoke", {}, nullptr, true);
    if (options_.json) return print_json(key);
    std::cout << "key " << key_id_ << " revoked at " << format_time(key["revoked_at"]) << '\n';
}

void AccessCommands::list_audit() {
    Query query{{"limit", std::to_string(limit_)}};
    for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"action", action_},
                                      {"actor_key_id", actor_key_},
                                      {"target", target_},
                                      {"since", since_},
                                      {"until", until_}}) {
        if (!value.empty()) query.emplace_back(name, value);
    }
    nlohmann::json page = operator_client().get("/admin/audit", query, true);
    if (options_.json) return print_json(page);
    TablePrinter table({"SEQ", "AT", "ACTOR", "FROM", "ACTION", "TARGET"});
    for (const auto& record : page["records"]) {
        table.add_row({cell(record["seq"]), format_time(record["at"]), cell(record["actor"]), cell(record["address"]),
                       cell(record["action"]), cell(record["target"])});
    }
    if (table.empty()) {
        std::cout << "no records\n";
        return;
    }
    table.print(std::cout);
}

void AccessCommands::verify_audit() {
    nlohmann::json check = operator_client().get("/admin/audit/verify", {}, true);
    if (options_.json) print_json(check);
    if (!check.value("intact", false)) {
        throw CliError("audit chain broken at record " + cell(check["first_bad_seq"]) + ": " + cell(check["problem"]));
    }
    if (!options_.json) std::cout << "audit chain intact: " << cell(check["records"]) << " records\n";
}

}  // namespace dms::cli
