#include "api/access_json.hpp"

#include <charconv>
#include <cstdint>
#include <set>

#include "http/api_error.hpp"
#include "util/time_parse.hpp"

namespace dms::api {
namespace {

http::ApiError bad_request(const std::string& message) {
    return http::ApiError(http::Status::bad_request, "bad_request", message);
}

nlohmann::json optional_time(const std::optional<task::Timestamp>& at, const util::TimeFormatter& time) {
    return at ? nlohmann::json(time.iso(*at)) : nlohmann::json(nullptr);
}

std::string string_field(const nlohmann::json& body, const char* name) {
    auto found = body.find(name);
    if (found == body.end() || found->is_null()) return "";
    if (!found->is_string()) throw bad_request(std::string(name) + " must be a string");
    return found->get<std::string>();
}

std::optional<task::Timestamp> expiry(const nlohmann::json& body) {
    bool has_time = body.contains("expires_at") && !body["expires_at"].is_null();
    bool has_seconds = body.contains("expires_in_seconds") && !body["expires_in_seconds"].is_null();
    if (has_time && has_seconds) throw bad_request("give expires_at or expires_in_seconds, not both");
    if (has_time) {
        const nlohmann::json& text = body["expires_at"];
        auto at = text.is_string() ? util::parse_rfc3339(text.get<std::string>()) : std::nullopt;
        if (!at) throw bad_request("expires_at must be an RFC 3339 time with an offset, e.g. 2027-01-31T00:00:00Z");
        return at;
    }
    if (has_seconds) {
        const nlohmann::json& seconds = body["expires_in_seconds"];
        if (!seconds.is_number_integer() || seconds.get<std::int64_t>() < 1 ||
            seconds.get<std::int64_t>() > 100LL * 365 * 86400) {
            throw bad_request("expires_in_seconds must be a whole number from 1 to 100 years");
        }
        return task::now() + std::chrono::seconds(seconds.get<std::int64_t>());
    }
    return std::nullopt;
}

std::optional<task::Timestamp> time_filter(const http::RequestContext& context, const char* name) {
    auto text = context.query_param(name);
    if (!text) return std::nullopt;
    auto at = util::parse_rfc3339(*text);
    if (!at) throw bad_request(std::string(name) + " must be an RFC 3339 time with an offset");
    return at;
}

// `text` as a whole number in [low, high], or nothing.
std::optional<std::int64_t> whole_number(const std::string& text, std::int64_t low, std::int64_t high) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
    return value;
}

}  // namespace

nlohmann::json key_to_json(const store::ApiKeyRecord& key, const util::TimeFormatter& time) {
    std::string status = "active";
    if (key.revoked_at) {
        status = "revoked";
    } else if (key.expires_at && *key.expires_at <= task::now()) {
        status = "expired";
    }
    return {{"key_id", key.key_id},
            {"tenant", key.tenant},
            {"user_id", key.user_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(key.user_id)},
            {"service", key.service.empty() ? nlohmann::json(nullptr) : nlohmann::json(key.service)},
            {"permissions", key.permissions},
            {"status", status},
            {"created_at", time.iso(key.created_at)},
            {"created_by", key.created_by},
            {"expires_at", optional_time(key.expires_at, time)},
            {"revoked_at", optional_time(key.revoked_at, time)}};
}

auth::KeyRequest parse_key_request(const http::RequestContext& context) {
    nlohmann::json body = context.json_object_body();
    static const std::set<std::string> kFields{"tenant",      "user_id",    "service",
                                               "permissions", "expires_at", "expires_in_seconds"};
    for (const auto& [name, value] : body.items()) {
        if (!kFields.contains(name)) throw bad_request("unknown field '" + name.substr(0, 64) + "' in the key request");
    }
    auth::KeyRequest request;
    request.tenant = string_field(body, "tenant");
    request.user_id = string_field(body, "user_id");
    request.service = string_field(body, "service");
    auto permissions = body.find("permissions");
    if (permissions == body.end() || !permissions->is_array()) {
        throw bad_request("permissions must be an array, e.g. [\"submit\", \"read\"]");
    }
    for (const auto& permission : *permissions) {
        if (!permission.is_string()) throw bad_request("each permission must be a string");
        request.permissions.push_back(permission.get<std::string>());
    }
    request.expires_at = expiry(body);
    return request;
}

nlohmann::json audit_record_json(const store::AuditRecord& record, const util::TimeFormatter& time) {
    return {
        {"seq", record.seq},
        {"at", time.iso(record.at)},
        {"actor", record.actor},
        {"actor_key_id", record.actor_key_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.actor_key_id)},
        {"address", record.address},
        {"action", record.action},
        {"target", record.target},
        {"details", record.details},
        {"prev_hash", record.prev_hash},
        {"hash", record.hash}};
}

nlohmann::json audit_page_json(const store::AuditPage& page, const util::TimeFormatter& time) {
    nlohmann::json records = nlohmann::json::array();
    for (const auto& record : page.records) records.push_back(audit_record_json(record, time));
    return {{"records", std::move(records)},
            {"next_cursor",
             page.next_before_seq ? nlohmann::json(std::to_string(*page.next_before_seq)) : nlohmann::json(nullptr)}};
}

nlohmann::json chain_check_json(const auth::ChainCheck& check) {
    return {{"intact", check.intact},
            {"records", check.records},
            {"first_bad_seq", check.first_bad_seq ? nlohmann::json(*check.first_bad_seq) : nlohmann::json(nullptr)},
            {"problem", check.intact ? nlohmann::json(nullptr) : nlohmann::json(check.problem)}};
}

store::AuditQuery parse_audit_query(const http::RequestContext& context) {
    static const std::set<std::string> kFilters{"action", "actor_key_id", "target", "since",
                                                "until",  "limit",        "cursor"};
    for (const auto& [name, value] : context.query()) {
        if (!kFilters.contains(name)) {
            throw bad_request("unknown filter '" + name.substr(0, 64) +
                              "'; the filters are action, actor_key_id, target, since, until, limit, cursor");
        }
    }
    store::AuditQuery query;
    query.action = context.query_param("action");
    query.actor_key_id = context.query_param("actor_key_id");
    query.target = context.query_param("target");
    query.since = time_filter(context, "since");
    query.until = time_filter(context, "until");
    if (auto limit = context.query_param("limit")) {
        auto value = whole_number(*limit, 1, 1000);
        if (!value) throw bad_request("limit must be a whole number from 1 to 1000");
        query.limit = static_cast<std::size_t>(*value);
    }
    if (auto cursor = context.query_param("cursor")) {
        query.before_seq = whole_number(*cursor, 1, INT64_MAX);
        if (!query.before_seq) throw bad_request("cursor is not one this host handed out");
    }
    return query;
}

}  // namespace dms::api
