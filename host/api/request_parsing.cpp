#include "api/request_parsing.hpp"

#include <charconv>

#include "http/api_error.hpp"
#include "util/time_parse.hpp"

namespace dms::api {
namespace {

http::ApiError bad_request(const std::string& message) {
    return http::ApiError(http::Status::bad_request, "bad_request", message);
}

task::Priority priority_from(const nlohmann::json& value) {
    std::optional<task::Priority> priority;
    if (value.is_string()) priority = task::parse_priority(value.get<std::string>());
    if (!priority) throw bad_request("priority must be one of \"high\", \"mid\", \"low\"");
    return *priority;
}

}  // namespace

service::SubmitRequest parse_submission(const http::RequestContext& context) {
    service::SubmitRequest request;
    request.service = context.path_param("service");
    request.user_id = context.path_param("user_id");
    request.request_id = context.request_id();
    for (const auto& [name, value] : context.query()) {
        if (request.parameters.contains(name)) throw bad_request("parameter '" + name + "' is given twice");
        request.parameters[name] = value;
    }
    if (!context.has_body()) return request;

    nlohmann::json body = context.json_object_body();
    for (const auto& [field, value] : body.items()) {
        if (field == "priority") {
            request.priority = priority_from(value);
        } else if (field == "max_retries") {
            if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > 1000) {
                throw bad_request("\"max_retries\" must be a whole number from 0 to 1000");
            }
            request.max_retries = value.get<int>();
        } else if (field == "timeout_seconds") {
            if (!value.is_number() || !(value.get<double>() > 0) || value.get<double>() > 31536000) {
                throw bad_request("\"timeout_seconds\" must be a number of seconds above 0, at most a year");
            }
            request.timeout_seconds = value.get<double>();
        } else if (field == "run_at") {
            auto at = value.is_string() ? util::parse_rfc3339(value.get_ref<const std::string&>()) : std::nullopt;
            if (!at) {
                throw bad_request("\"run_at\" must be an RFC 3339 date-time with a zone, such as "
                                  "\"2026-12-04T09:30:00Z\" or \"2026-12-04T18:30:00+09:00\"");
            }
            request.run_at = at;
        } else if (field == "parameters") {
            if (!value.is_object()) throw bad_request("\"parameters\" must be a JSON object");
            for (const auto& [name, parameter] : value.items()) {
                if (request.parameters.contains(name)) throw bad_request("parameter '" + name + "' is given twice");
                request.parameters[name] = parameter;
            }
        } else {
            throw bad_request("unknown field \"" + field +
                              "\"; the body takes \"parameters\", \"priority\", \"max_retries\", \"timeout_seconds\" "
                              "and \"run_at\"");
        }
    }
    return request;
}

store::ListQuery parse_list_query(const http::RequestContext& context, bool operator_filters) {
    store::ListQuery query;
    for (const auto& [name, value] : context.query()) {
        bool known = name == "status" || name == "priority" || name == "limit" || name == "cursor" ||
                     (operator_filters && (name == "service" || name == "user_id"));
        if (!known) throw bad_request("unknown query parameter '" + name + "'");
    }
    if (auto status = context.query_param("status")) {
        query.status = task::parse_status(*status);
        if (!query.status) {
            throw bad_request("status must be one of queued, running, completed, failed, cancelled, retrying, scheduled");
        }
    }
    if (auto priority = context.query_param("priority")) query.priority = priority_from(*priority);
    if (auto limit = context.query_param("limit")) {
        std::size_t value = 0;
        auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
        if (error != std::errc() || end != limit->data() + limit->size() || value < 1 || value > 1000) {
            throw bad_request("limit must be a whole number from 1 to 1000");
        }
        query.limit = value;
    }
    query.cursor = context.query_param("cursor");
    if (operator_filters) {
        query.service = context.query_param("service");
        query.user_id = context.query_param("user_id");
    }
    return query;
}

std::string required_user_id(const http::RequestContext& context) {
    auto user_id = context.query_param("user_id");
    if (!user_id || user_id->empty()) throw bad_request("the query parameter user_id is required");
    return *user_id;
}

task::Priority parse_priority_body(const http::RequestContext& context) {
    nlohmann::json body = context.json_object_body();
    if (!body.contains("priority")) throw bad_request("the body must be {\"priority\": \"high\" | \"mid\" | \"low\"}");
    return priority_from(body["priority"]);
}

std::string actor(const http::RequestContext& context, std::string_view who) {
    std::string text(who);
    if (!context.request_id().empty()) text += " (request " + std::string(context.request_id()) + ")";
    return text;
}

}  // namespace dms::api
