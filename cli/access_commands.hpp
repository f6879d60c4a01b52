#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/api_client.hpp"
#include "cli/global_options.hpp"

namespace dms::cli {

// `dmsctl admin keys create|list|show|revoke` and `dmsctl admin audit list|verify`: API keys and the operators'
// audit trail, over the /admin/keys and /admin/audit routes with the operator token.
class AccessCommands {
 public:
    // Adds the `keys` and `audit` groups to the `admin` group.
    AccessCommands(CLI::App& admin, const GlobalOptions& options);

 private:
    void create_key();
    void list_keys();
    void show_key();
    void revoke_key();
    void list_audit();
    void verify_audit();

    ApiClient operator_client() const;
    void print_keys(const nlohmann::json& keys) const;

    const GlobalOptions& options_;
    std::string tenant_;
    std::string user_;
    std::string service_;
    std::vector<std::string> permissions_;
    std::string expires_at_;
    long long expires_in_ = 0;
    CLI::Option* expires_in_option_ = nullptr;  // given or not: 0 is a value the host refuses, not "never"
    std::string key_id_;
    std::string action_;
    std::string actor_key_;
    std::string target_;
    std::string since_;
    std::string until_;
    unsigned limit_ = 50;
};

}  // namespace dms::cli
