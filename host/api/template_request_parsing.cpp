#include "api/template_request_parsing.hpp"

#include <charconv>

#include "http/api_error.hpp"

namespace dms::api {
namespace {

constexpr std::size_t kDefaultPreviewRuns = 10;

http::ApiError bad_request(const std::string& message) {
    return http::ApiError(http::Status::bad_request, "bad_request", message);
}

const std::string& string_field(const nlohmann::json& value, std::string_view field) {
    if (!value.is_string()) throw bad_request("\"" + std::string(field) + "\" must be a string");
    return value.get_ref<const std::string&>();
}

std::optional<int> max_retries_from(const nlohmann::json& value) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > 1000) {
        throw bad_request("\"max_retries\" must be a whole number from 0 to 1000, or null for the service's default");
    }
    return value.get<int>();
}

std::optional<double> timeout_from(const nlohmann::json& value) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number() || !(value.get<double>() > 0) || value.get<double>() > 31536000) {
        throw bad_request("\"timeout_seconds\" must be a number of seconds above 0, at most a year, or null");
    }
    return value.get<double>();
}

}  // namespace

service::TemplateChanges parse_template_body(const http::RequestContext& context) {
    service::TemplateChanges changes;
    if (!context.has_body()) return changes;
    nlohmann::json body = context.json_object_body();
    for (const auto& [field, value] : body.items()) {
        if (field == "cron") {
            changes.cron = string_field(value, field);
        } else if (field == "time_zone") {
            changes.time_zone = string_field(value, field);
        } else if (field == "parameters") {
            if (!value.is_object()) throw bad_request("\"parameters\" must be a JSON object");
            changes.parameters = value;
        } else if (field == "priority") {
            auto priority = value.is_string() ? task::parse_priority(value.get<std::string>()) : std::nullopt;
            if (!priority) throw bad_request("priority must be one of \"high\", \"mid\", \"low\"");
            changes.priority = priority;
        } else if (field == "max_retries") {
            changes.max_retries = max_retries_from(value);
        } else if (field == "timeout_seconds") {
            changes.timeout_seconds = timeout_from(value);
        } else if (field == "overlap") {
            auto policy = value.is_string() ? store::parse_overlap_policy(value.get<std::string>()) : std::nullopt;
            if (!policy) throw bad_request("\"overlap\" must be \"skip\" or \"allow\"");
            changes.overlap = policy;
        } else if (field == "catch_up") {
            auto policy = value.is_string() ? store::parse_catch_up_policy(value.get<std::string>()) : std::nullopt;
            if (!policy) throw bad_request("\"catch_up\" must be \"skip\" or \"run_once\"");
            changes.catch_up = policy;
        } else if (field == "enabled") {
            if (!value.is_boolean()) throw bad_request("\"enabled\" must be true or false");
            changes.enabled = value.get<bool>();
        } else {
            throw bad_request("unknown field \"" + field +
                              "\"; a template takes \"cron\", \"time_zone\", \"parameters\", \"priority\", "
                              "\"max_retries\", \"timeout_seconds\", \"overlap\", \"catch_up\" and \"enabled\"");
        }
    }
    return changes;
}

std::size_t parse_preview_count(const http::RequestContext& context) {
    for (const auto& [name, value] : context.query()) {
        if (name != "count") throw bad_request("unknown query parameter '" + name + "'");
    }
    auto text = context.query_param("count");
    if (!text) return kDefaultPreviewRuns;
    std::size_t count = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), count);
    if (text->empty() || error != std::errc() || end != text->data() + text->size() || count < 1 ||
        count > service::TemplateService::kMostPreviewRuns) {
        throw bad_request("count must be a whole number from 1 to " +
                          std::to_string(service::TemplateService::kMostPreviewRuns));
    }
    return count;
}

}  // namespace dms::api
