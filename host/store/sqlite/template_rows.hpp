#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/template_store.hpp"

// The templates table's reads and writes, each run by SqliteTemplateStore inside a transaction of SqliteStore's.
namespace dms::store::sqlite {

std::optional<Template> find_template(Connection& connection, std::string_view template_id);

std::vector<Template> list_templates(Connection& connection, const TemplateQuery& query);

// Enabled templates due at `now`, earliest first.
std::vector<Template> due_templates(Connection& connection, task::Timestamp now, std::size_t max);

std::optional<task::Timestamp> earliest_next_run(Connection& connection);

// Inserts a new template as given (its revision included). Throws StoreError when the id is taken.
void insert_template(Connection& connection, const Template& created);

// Writes the definition, enabled, next_run_at, revision and updated_at of an existing template.
void write_definition(Connection& connection, const Template& changed);

// Moves a template past an occurrence: next_run_at (none: disabled, its schedule ended), last_occurrence, and the
// task it created when it created one.
void advance_template(Connection& connection, std::string_view template_id, std::optional<task::Timestamp> next_run_at,
                      task::Timestamp occurrence, const std::string* created_task_id);

bool delete_template(Connection& connection, std::string_view template_id);

}  // namespace dms::store::sqlite
