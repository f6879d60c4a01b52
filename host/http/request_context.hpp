#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/caller.hpp"
#include "http/types.hpp"

namespace dms::http {

// What a handler sees of one request: the raw message plus its decoded path parameters and query, and the
// request's id (X-Request-Id) for the log lines it causes.
class RequestContext {
public:
    RequestContext(const Request& request, std::map<std::string, std::string, std::less<>> path_params,
                   std::vector<std::pair<std::string, std::string>> query, std::string_view request_id = {})
        : request_(request), path_params_(std::move(path_params)), query_(std::move(query)), request_id_(request_id) {}

    const Request& request() const { return request_; }

    // The request's id, as echoed in the answer's X-Request-Id; valid while the request is handled.
    std::string_view request_id() const { return request_id_; }

    // A {name} segment of the route's path, percent-decoded.
    const std::string& path_param(std::string_view name) const;

    // Every query parameter in order, decoded.
    const std::vector<std::pair<std::string, std::string>>& query() const { return query_; }

    // One query parameter; throws ApiError 400 when it is given more than once.
    std::optional<std::string> query_param(std::string_view name) const;

    // The header's value, or empty.
    std::string_view header(std::string_view name) const;

    // The body parsed as JSON; throws ApiError 400 when it is not JSON, or not an object.
    nlohmann::json json_object_body() const;

    bool has_body() const { return !request_.body().empty(); }

    // Who is calling, as the router's authentication found (anonymous when it checked nothing).
    const auth::Caller& caller() const { return caller_; }
    void set_caller(auth::Caller caller) { caller_ = std::move(caller); }

    // The client's IP address, for the audit trail; empty when unknown.
    const std::string& remote_address() const { return remote_address_; }
    void set_remote_address(std::string address) { remote_address_ = std::move(address); }

private:
    const Request& request_;
    std::map<std::string, std::string, std::less<>> path_params_;
    std::vector<std::pair<std::string, std::string>> query_;
    std::string_view request_id_;
    auth::Caller caller_;
    std::string remote_address_;
};

}  // namespace dms::http
