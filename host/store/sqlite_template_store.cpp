#include "store/sqlite_template_store.hpp"

#include "store/sqlite/task_writes.hpp"
#include "store/sqlite/template_rows.hpp"
#include "task/state_machine.hpp"

namespace dms::store {

using sqlite::Connection;

namespace {

// Whether the template's latest task still waits or runs, so an overlap-skip template must not start another.
bool previous_still_open(Connection& db, const Template& current) {
    if (current.overlap != OverlapPolicy::skip || current.last_task_id.empty()) return false;
    auto previous = sqlite::find_state(db, current.last_task_id);
    return previous && !task::is_final(previous->status);
}

}  // namespace

SqliteTemplateStore::SqliteTemplateStore(SqliteStore& tasks) : tasks_(tasks) {}

void SqliteTemplateStore::create(Template& created) {
    created.revision = 1;
    tasks_.write_with_tasks([&](Connection& db, const auto&) { sqlite::insert_template(db, created); });
}

std::optional<Template> SqliteTemplateStore::get(std::string_view template_id) {
    std::optional<Template> found;
    tasks_.read_snapshot([&](Connection& db) { found = sqlite::find_template(db, template_id); });
    return found;
}

std::vector<Template> SqliteTemplateStore::list(const TemplateQuery& query) {
    std::vector<Template> found;
    tasks_.read_snapshot([&](Connection& db) { found = sqlite::list_templates(db, query); });
    return found;
}

std::optional<Template> SqliteTemplateStore::update(const Template& changed) {
    std::optional<Template> updated;
    tasks_.write_with_tasks([&](Connection& db, const auto&) {
        auto current = sqlite::find_template(db, changed.template_id);
        if (!current) return;
        Template next = changed;
        next.service = current->service;
        next.user_id = current->user_id;
        next.created_at = current->created_at;
        next.last_occurrence = current->last_occurrence;
        next.last_task_id = current->last_task_id;
        next.revision = current->revision + 1;
        sqlite::write_definition(db, next);
        updated = std::move(next);
    });
    return updated;
}

bool SqliteTemplateStore::remove(std::string_view template_id) {
    bool removed = false;
    tasks_.write_with_tasks([&](Connection& db, const auto&) { removed = sqlite::delete_template(db, template_id); });
    return removed;
}

std::vector<Template> SqliteTemplateStore::due(task::Timestamp now, std::size_t max) {
    std::vector<Template> found;
    tasks_.read_snapshot([&](Connection& db) { found = sqlite::due_templates(db, now, max); });
    return found;
}

std::optional<task::Timestamp> SqliteTemplateStore::earliest_next_run() {
    std::optional<task::Timestamp> earliest;
    tasks_.read_snapshot([&](Connection& db) { earliest = sqlite::earliest_next_run(db); });
    return earliest;
}

FireResult SqliteTemplateStore::fire(const FireRequest& request) {
    FireResult result;
    tasks_.write_with_tasks([&](Connection& db, const SqliteStore::TaskInserter& insert) {
        auto current = sqlite::find_template(db, request.template_id);
        // Changed, disabled or already advanced by another caller since the scheduler read it: not ours to fire.
        if (!current || !current->enabled || current->revision != request.revision ||
            current->next_run_at != request.expected_next_run ||
            (current->last_occurrence && request.occurrence <= *current->last_occurrence)) {
            return;
        }
        result.outcome = FireOutcome::passed;
        if (request.task && previous_still_open(db, *current)) {
            result.outcome = FireOutcome::overlap;
        } else if (request.task) {
            task::Task created = *request.task;
            created.template_id = request.template_id;
            insert(created);
            result.outcome = FireOutcome::fired;
            result.task = std::move(created);
        }
        sqlite::advance_template(db, request.template_id, request.next_run_at, request.occurrence,
                                 result.task ? &result.task->task_id : nullptr);
    });
    return result;
}

}  // namespace dms::store
