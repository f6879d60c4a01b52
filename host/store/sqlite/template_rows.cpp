#include "store/sqlite/template_rows.hpp"

#include <algorithm>

#include "store/sqlite/task_rows.hpp"
#include "store/store_error.hpp"

namespace dms::store::sqlite {
namespace {

const std::string kTemplateColumns =
    "template_id, service, user_id, cron, time_zone, parameters, priority, max_retries, timeout_seconds, overlap, "
    "catch_up, enabled, next_run_at, last_occurrence, last_task_id, revision, created_at, updated_at";

std::optional<task::Timestamp> optional_time(const Statement& row, int column) {
    auto micros = row.optional_int64(column);
    if (!micros) return std::nullopt;
    return from_micros(*micros);
}

Template read_template(const Statement& row) {
    Template read;
    read.template_id = row.text(0);
    read.service = row.text(1);
    read.user_id = row.text(2);
    read.cron = row.text(3);
    read.time_zone = row.text(4);
    read.parameters = nlohmann::json::parse(row.text(5));
    read.priority = static_cast<task::Priority>(std::clamp<std::int64_t>(row.int64(6), 0, 2));
    if (!row.is_null(7)) read.max_retries = static_cast<int>(row.int64(7));
    if (!row.is_null(8)) read.timeout_seconds = row.real(8);
    read.overlap = parse_overlap_policy(row.text(9)).value_or(OverlapPolicy::skip);
    read.catch_up = parse_catch_up_policy(row.text(10)).value_or(CatchUpPolicy::skip);
    read.enabled = row.int64(11) != 0;
    read.next_run_at = optional_time(row, 12);
    read.last_occurrence = optional_time(row, 13);
    read.last_task_id = row.text(14);
    read.revision = row.int64(15);
    read.created_at = from_micros(row.int64(16));
    read.updated_at = from_micros(row.int64(17));
    return read;
}

std::vector<Template> read_all(Statement& rows) {
    std::vector<Template> found;
    while (rows.step()) found.push_back(read_template(rows));
    return found;
}

// Binds ?2 to ?14 (the definition, enabled, next_run_at, revision, updated_at) of the insert and update statements.
void bind_definition(Statement& statement, const Template& source) {
    statement.bind(2, source.cron).bind(3, source.time_zone).bind(4, source.parameters.dump());
    statement.bind(5, static_cast<int>(source.priority));
    if (source.max_retries) {
        statement.bind(6, *source.max_retries);
    } else {
        statement.bind_null(6);
    }
    if (source.timeout_seconds) {
        statement.bind(7, *source.timeout_seconds);
    } else {
        statement.bind_null(7);
    }
    statement.bind(8, to_string(source.overlap)).bind(9, to_string(source.catch_up));
    statement.bind(10, source.enabled ? 1 : 0).bind(11, to_micros(source.next_run_at));
    statement.bind(12, source.revision).bind(13, to_micros(source.updated_at));
}

}  // namespace

std::optional<Template> find_template(Connection& connection, std::string_view template_id) {
    auto row = connection.prepare("SELECT " + kTemplateColumns + " FROM templates WHERE template_id = ?1");
    row.bind(1, template_id);
    if (!row.step()) return std::nullopt;
    return read_template(row);
}

std::vector<Template> list_templates(Connection& connection, const TemplateQuery& query) {
    auto rows = connection.prepare("SELECT " + kTemplateColumns +
                                   " FROM templates WHERE (?1 IS NULL OR service = ?1) AND (?2 IS NULL OR user_id = ?2)"
                                   " ORDER BY created_at, template_id");
    if (query.service) {
        rows.bind(1, *query.service);
    } else {
        rows.bind_null(1);
    }
    if (query.user_id) {
        rows.bind(2, *query.user_id);
    } else {
        rows.bind_null(2);
    }
    return read_all(rows);
}

std::vector<Template> due_templates(Connection& connection, task::Timestamp now, std::size_t max) {
    auto rows =
        connection.prepare("SELECT " + kTemplateColumns +
                           " FROM templates WHERE enabled = 1 AND next_run_at <= ?1 ORDER BY next_run_at LIMIT ?2");
    rows.bind(1, to_micros(now)).bind(2, static_cast<std::int64_t>(max));
    return read_all(rows);
}

std::optional<task::Timestamp> earliest_next_run(Connection& connection) {
    auto row = connection.prepare("SELECT min(next_run_at) FROM templates WHERE enabled = 1");
    if (!row.step()) return std::nullopt;
    return optional_time(row, 0);
}

void insert_template(Connection& connection, const Template& created) {
    if (find_template(connection, created.template_id)) {
        throw StoreError("sqlite: template id " + created.template_id + " is already taken");
    }
    auto insert = connection.prepare(
        "INSERT INTO templates (template_id, cron, time_zone, parameters, priority, max_retries, timeout_seconds, "
        "overlap, catch_up, enabled, next_run_at, revision, updated_at, service, user_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    insert.bind(1, created.template_id);
    bind_definition(insert, created);
    insert.bind(14, created.service).bind(15, created.user_id).bind(16, to_micros(created.created_at));
    insert.run();
}

void write_definition(Connection& connection, const Template& changed) {
    auto update = connection.prepare(
        "UPDATE templates SET cron = ?2, time_zone = ?3, parameters = ?4, priority = ?5, max_retries = ?6, "
        "timeout_seconds = ?7, overlap = ?8, catch_up = ?9, enabled = ?10, next_run_at = ?11, revision = ?12, "
        "updated_at = ?13 WHERE template_id = ?1");
    update.bind(1, changed.template_id);
    bind_definition(update, changed);
    update.run();
}

void advance_template(Connection& connection, std::string_view template_id, std::optional<task::Timestamp> next_run_at,
                      task::Timestamp occurrence, const std::string* created_task_id) {
    auto update = connection.prepare(
        "UPDATE templates SET next_run_at = ?2, enabled = enabled AND ?2 IS NOT NULL, last_occurrence = ?3, "
        "last_task_id = coalesce(?4, last_task_id) WHERE template_id = ?1");
    update.bind(1, template_id).bind(2, to_micros(next_run_at)).bind(3, to_micros(occurrence));
    if (created_task_id) {
        update.bind(4, *created_task_id);
    } else {
        update.bind_null(4);
    }
    update.run();
}

bool delete_template(Connection& connection, std::string_view template_id) {
    auto remove = connection.prepare("DELETE FROM templates WHERE template_id = ?1");
    remove.bind(1, template_id);
    remove.run();
    return connection.changes() > 0;
}

}  // namespace dms::store::sqlite
