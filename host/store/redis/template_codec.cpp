#include "store/redis/template_codec.hpp"

#include <charconv>
#include <map>

#include "store/redis/task_codec.hpp"
#include "store/store_error.hpp"

namespace dms::store::redis::codec {
namespace {

std::string optional_micros(const std::optional<task::Timestamp>& at) { return at ? micros(*at) : ""; }

std::int64_t whole_number(std::string_view text, std::string_view field) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        throw StoreError("redis: template field " + std::string(field) + " is not a whole number");
    }
    return value;
}

}  // namespace

std::vector<std::string> template_definition_fields(const Template& source) {
    return {"cron",
            source.cron,
            "time_zone",
            source.time_zone,
            "parameters",
            source.parameters.dump(),
            "priority",
            std::string(task::to_string(source.priority)),
            "max_retries",
            source.max_retries ? std::to_string(*source.max_retries) : "",
            "timeout_seconds",
            source.timeout_seconds ? number(*source.timeout_seconds) : "",
            "overlap",
            std::string(to_string(source.overlap)),
            "catch_up",
            std::string(to_string(source.catch_up)),
            "enabled",
            source.enabled ? "1" : "0",
            "next_run_at",
            optional_micros(source.next_run_at),
            "updated_at",
            micros(source.updated_at)};
}

Template template_from_fields(const Reply& fields) {
    std::map<std::string, std::string, std::less<>> field;
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) field[fields.at(i).str()] = fields.at(i + 1).str();
    auto get = [&](std::string_view name) -> const std::string& {
        auto found = field.find(name);
        if (found == field.end()) throw StoreError("redis: a template hash has no field " + std::string(name));
        return found->second;
    };
    Template read;
    read.template_id = get("template_id");
    read.service = get("service");
    read.user_id = get("user_id");
    read.cron = get("cron");
    read.time_zone = get("time_zone");
    try {
        read.parameters = nlohmann::json::parse(get("parameters"));
    } catch (const nlohmann::json::exception&) {
        throw StoreError("redis: template " + read.template_id + " has unreadable parameters");
    }
    read.priority = task::parse_priority(get("priority")).value_or(task::Priority::low);
    if (!get("max_retries").empty())
        read.max_retries = static_cast<int>(whole_number(get("max_retries"), "max_retries"));
    if (!get("timeout_seconds").empty()) read.timeout_seconds = parse_number(get("timeout_seconds"));
    read.overlap = parse_overlap_policy(get("overlap")).value_or(OverlapPolicy::skip);
    read.catch_up = parse_catch_up_policy(get("catch_up")).value_or(CatchUpPolicy::skip);
    read.enabled = get("enabled") == "1";
    read.next_run_at = parse_optional_micros(get("next_run_at"));
    read.last_occurrence = parse_optional_micros(get("last_occurrence"));
    read.last_task_id = get("last_task_id");
    read.revision = whole_number(get("revision"), "revision");
    read.created_at = parse_micros(get("created_at"));
    read.updated_at = parse_micros(get("updated_at"));
    return read;
}

}  // namespace dms::store::redis::codec
