#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/global_options.hpp"

namespace dms::cli {

// Where dmsctl talks to and with what token, and where each came from: a flag wins over DMS_API_BASE /
// DMS_OPERATOR_TOKEN, which win over the default http://127.0.0.1:8000 plus DMS_API_PREFIX (or /api/v1).
class ClientSettings {
 public:
    static ClientSettings resolve(const GlobalOptions& options);

    const std::string& api_base() const { return api_base_; }
    const std::string& token() const { return token_; }
    bool json() const { return json_; }
    std::chrono::milliseconds timeout() const { return timeout_; }

    // The token, or a CliError saying how to give one.
    const std::string& require_token() const;

    // The settings for show-config, the token masked.
    nlohmann::json to_json() const;

 private:
    std::string api_base_;
    std::string api_base_source_;
    std::string token_;
    std::string token_source_;
    bool json_ = false;
    std::chrono::milliseconds timeout_{10000};
};

}  // namespace dms::cli
