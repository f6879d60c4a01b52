#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

namespace dms::cli {

using Query = std::vector<std::pair<std::string, std::string>>;
using Verb = boost::beast::http::verb;

// Talks to the REST API under one base URL (http://host:port/prefix), one short connection per request
// with a deadline on the whole exchange. Every failure becomes a one-line CliError: the host cannot be
// reached, or it answered an error, with the server's own message.
class ApiClient {
 public:
    // Throws CliError when `api_base` is not an http:// URL.
    ApiClient(const std::string& api_base, std::string operator_token, std::chrono::milliseconds timeout);

    // The answer's JSON (null for an empty body, as with 204). `as_operator` sends X-Operator-Token.
    nlohmann::json call(Verb verb, const std::string& path, const Query& query = {},
                        const nlohmann::json& body = nullptr, bool as_operator = false) const;

    nlohmann::json get(const std::string& path, const Query& query = {}, bool as_operator = false) const {
        return call(Verb::get, path, query, nullptr, as_operator);
    }

    const std::string& api_base() const { return api_base_; }

    // One path segment, percent-encoded: service, user and task names go into paths through this.
    static std::string segment(std::string_view text);

 private:
    std::string target(const std::string& path, const Query& query) const;

    std::string api_base_;
    std::string host_;
    std::string port_;
    std::string base_path_;  // without a trailing '/'
    std::string operator_token_;
    std::chrono::milliseconds timeout_;
};

}  // namespace dms::cli
