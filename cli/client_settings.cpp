#include "cli/client_settings.hpp"

#include <cstdlib>

#include "cli/cli_error.hpp"

namespace dms::cli {
namespace {

constexpr const char* kDefaultOrigin = "http://127.0.0.1:8000";
constexpr const char* kDefaultPrefix = "/api/v1";

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

ClientSettings ClientSettings::resolve(const GlobalOptions& options) {
    ClientSettings settings;
    if (!options.api_base.empty()) {
        settings.api_base_ = options.api_base;
        settings.api_base_source_ = "--api-base";
    } else if (std::string base = env("DMS_API_BASE"); !base.empty()) {
        settings.api_base_ = base;
        settings.api_base_source_ = "DMS_API_BASE";
    } else {
        // The same environment that configures a local host tells its prefix.
        std::string prefix = env("DMS_API_PREFIX");
        settings.api_base_ = kDefaultOrigin + (prefix.empty() ? std::string(kDefaultPrefix) : prefix);
        settings.api_base_source_ = prefix.empty() ? "default" : "default with DMS_API_PREFIX";
    }
    if (!options.token.empty()) {
        settings.token_ = options.token;
        settings.token_source_ = "--token";
    } else if (std::string token = env("DMS_OPERATOR_TOKEN"); !token.empty()) {
        settings.token_ = token;
        settings.token_source_ = "DMS_OPERATOR_TOKEN";
    }
    if (!(options.timeout_seconds > 0)) throw CliError("--timeout must be more than 0 seconds", kExitUsage);
    settings.json_ = options.json;
    settings.timeout_ = std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000));
    return settings;
}

const std::string& ClientSettings::require_token() const {
    if (token_.empty()) {
        throw CliError(
            "this command needs the operator token: pass --token or set DMS_OPERATOR_TOKEN (a host that generated "
            "one keeps it in DMS_DATA_DIR/operator_token)");
    }
    return token_;
}

nlohmann::json ClientSettings::to_json() const {
    return {{"api_base", api_base_},
            {"api_base_from", api_base_source_},
            {"operator_token", token_.empty() ? nlohmann::json(nullptr) : nlohmann::json("***")},
            {"operator_token_from", token_source_.empty() ? nlohmann::json(nullptr) : nlohmann::json(token_source_)},
            {"timeout_seconds", static_cast<double>(timeout_.count()) / 1000}};
}

}  // namespace dms::cli
