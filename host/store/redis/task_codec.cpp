#include "store/redis/task_codec.hpp"

#include <charconv>
#include <chrono>
#include <map>

#include "store/store_error.hpp"

namespace dms::store::redis::codec {
namespace {

std::int64_t parse_integer(std::string_view text, std::string_view what) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        throw StoreError("redis: " + std::string(what) + " is not a whole number: '" + std::string(text.substr(0, 64)) +
                         "'");
    }
    return value;
}

nlohmann::json parse_json(std::string_view text, std::string_view what) {
    auto value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded()) throw StoreError("redis: a task's " + std::string(what) + " is not JSON");
    return value;
}

}  // namespace

std::string micros(task::Timestamp time) { return std::to_string(time.time_since_epoch().count()); }

task::Timestamp parse_micros(std::string_view text) {
    return task::Timestamp(std::chrono::microseconds(parse_integer(text, "a time")));
}

std::optional<task::Timestamp> parse_optional_micros(std::string_view text) {
    if (text.empty()) return std::nullopt;
    return parse_micros(text);
}

std::string number(double value) {
    char buffer[64];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return std::string(buffer, end);
}

double parse_number(std::string_view text) {
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        throw StoreError("redis: not a number: '" + std::string(text.substr(0, 64)) + "'");
    }
    return value;
}

std::string_view hash_field(const Reply& fields, std::string_view name) {
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        if (fields.at(i).text() == name) return fields.at(i + 1).text();
    }
    return {};
}

task::Task task_from_fields(const Reply& fields) {
    std::map<std::string_view, std::string_view> field;
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) field[fields.at(i).text()] = fields.at(i + 1).text();
    // Views into `fields`, which lives until this returns.
    auto get = [&](std::string_view name) {
        auto found = field.find(name);
        if (found == field.end()) throw StoreError("redis: a task hash has no field " + std::string(name));
        return found->second;
    };
    // Fields added after tasks were first stored (retries, issue 5): a task written before them has none.
    auto get_or = [&](std::string_view name, std::string_view absent) {
        auto found = field.find(name);
        return found == field.end() ? absent : found->second;
    };
    task::Task task;
    task.task_id = get("task_id");
    task.seq = parse_integer(get("seq"), "seq");
    task.service = get("service");
    task.user_id = get("user_id");
    task.parameters = parse_json(get("parameters"), "parameters");
    task.priority = task::parse_priority(get("priority")).value_or(task::Priority::low);
    task.status = task::parse_status(get("status")).value_or(task::Status::failed);
    task.cancel_requested = get("cancel_requested") == "1";
    task.result = parse_json(get("result"), "result");
    task.progress = {parse_number(get("progress_done")), parse_number(get("progress_total")),
                     std::string(get("progress_unit")), std::string(get("progress_message"))};
    task.attempts = static_cast<int>(parse_integer(get("attempts"), "attempts"));
    task.checkpoint = get("checkpoint");
    task.max_retries = static_cast<int>(parse_integer(get_or("max_retries", "0"), "max_retries"));
    task.failures = static_cast<int>(parse_integer(get_or("failures", "0"), "failures"));
    if (auto timeout = get_or("timeout_seconds", ""); !timeout.empty()) task.timeout_seconds = parse_number(timeout);
    task.not_before = parse_optional_micros(get_or("not_before", ""));
    task.attempt_started_at = parse_optional_micros(get_or("attempt_started_at", ""));
    task.template_id = get_or("template_id", "");
    task.lease_owner = get("lease_owner");
    task.lease_expires_at = parse_optional_micros(get("lease_expires_at"));
    task.created_at = parse_micros(get("created_at"));
    task.updated_at = parse_micros(get("updated_at"));
    task.started_at = parse_optional_micros(get("started_at"));
    task.finished_at = parse_optional_micros(get("finished_at"));
    return task;
}

task::LogEntry log_entry(std::string_view text) {
    auto space = text.find(' ');
    if (space == std::string_view::npos) throw StoreError("redis: a log line has no time");
    return {parse_micros(text.substr(0, space)), std::string(text.substr(space + 1))};
}

task::AttemptRecord attempt_record(std::string_view text) {
    auto entry = nlohmann::json::parse(text, nullptr, false);
    if (!entry.is_object()) throw StoreError("redis: an attempt record is not a JSON object");
    try {
        task::AttemptRecord record;
        record.number = entry.at("number").get<int>();
        record.host = entry.at("host").get<std::string>();
        record.outcome = entry.at("outcome").get<std::string>();
        record.started_at = parse_optional_micros(entry.at("started_at").get<std::string>());
        record.finished_at = parse_micros(entry.at("finished_at").get<std::string>());
        record.error = entry.at("error").get<std::string>();
        return record;
    } catch (const nlohmann::json::exception& error) {
        throw StoreError(std::string("redis: an attempt record is malformed: ") + error.what());
    }
}

ChangeResult change_result(const Reply& reply) {
    std::string_view change = reply.at(0).text();
    ChangeResult result;
    if (change == "applied") {
        result.change = Change::applied;
    } else if (change == "illegal") {
        result.change = Change::illegal;
    } else if (change == "stale") {
        result.change = Change::stale;
    } else if (change == "not_found") {
        result.change = Change::not_found;
    } else {
        throw StoreError("redis: a script answered an unknown change '" + std::string(change) + "'");
    }
    if (reply.size() > 1) result.task = task_from_fields(reply.at(1));
    return result;
}

Stats stats_from_fields(const Reply& fields) {
    Stats stats;
    for (task::Status status : task::kAllStatuses) stats.by_status[std::string(task::to_string(status))] = 0;
    for (task::Priority priority : task::kAllPriorities) {
        stats.queued_by_priority[std::string(task::to_string(priority))] = 0;
    }
    for (const char* total : {"submitted", "dispatched", "completed", "failed", "cancelled", "requeued", "retried"}) {
        stats.totals[total] = 0;
    }
    const std::string queued(task::to_string(task::Status::queued));
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        std::string_view name = fields.at(i).text();
        std::string_view value = fields.at(i + 1).text();
        if (name == "last_updated") {
            stats.last_updated = parse_micros(value);
        } else if (name.starts_with("count:")) {
            // count:<status>:<service>:<priority>; a service name holds no ':'.
            std::string_view rest = name.substr(6);
            auto first = rest.find(':');
            auto last = rest.rfind(':');
            if (first == std::string_view::npos || first == last) continue;
            std::string status(rest.substr(0, first));
            std::string service(rest.substr(first + 1, last - first - 1));
            std::string priority(rest.substr(last + 1));
            std::int64_t n = parse_integer(value, "a count");
            stats.by_status[status] += n;
            auto& counts = stats.by_service[service];
            if (counts.empty()) {
                for (task::Status each : task::kAllStatuses) counts[std::string(task::to_string(each))] = 0;
            }
            counts[status] += n;
            if (status == queued) stats.queued_by_priority[priority] += n;
        } else if (stats.totals.count(std::string(name)) == 1) {
            stats.totals[std::string(name)] = parse_integer(value, "a total");
        }
    }
    return stats;
}

}  // namespace dms::store::redis::codec
