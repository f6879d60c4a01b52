#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "task/task.hpp"

namespace dms::store {

// What an occurrence does while the template's previous task is still queued, running or waiting.
enum class OverlapPolicy { skip, allow };
// What becomes of occurrences missed while no host ran the scheduler: passed over, or one task for them all.
enum class CatchUpPolicy { skip, run_once };

std::string_view to_string(OverlapPolicy policy);
std::string_view to_string(CatchUpPolicy policy);
std::optional<OverlapPolicy> parse_overlap_policy(std::string_view text);
std::optional<CatchUpPolicy> parse_catch_up_policy(std::string_view text);

// A recurring template: a task to create at every occurrence of a cron expression in an IANA time zone.
struct Template {
    std::string template_id;
    std::string service;
    std::string user_id;
    std::string cron;
    std::string time_zone;
    nlohmann::json parameters = nlohmann::json::object();
    task::Priority priority = task::Priority::low;
    std::optional<int> max_retries;         // absent: the service's default when a task is created
    std::optional<double> timeout_seconds;  // absent: the service's limit
    OverlapPolicy overlap = OverlapPolicy::skip;
    CatchUpPolicy catch_up = CatchUpPolicy::skip;
    bool enabled = true;
    std::optional<task::Timestamp> next_run_at;      // enabled: the next occurrence not yet fired or passed over
    std::optional<task::Timestamp> last_occurrence;  // the latest occurrence fired or passed over
    std::string last_task_id;                        // the task its latest fired occurrence created
    std::int64_t revision = 0;                       // grows with every change of the definition; the store sets it
    task::Timestamp created_at{};
    task::Timestamp updated_at{};

    bool operator==(const Template&) const = default;
};

// Filters of a template listing; results come in creation order.
struct TemplateQuery {
    std::optional<std::string> service;
    std::optional<std::string> user_id;
};

// One occurrence of a template, as the scheduler decided it from the template at `revision` and `expected_next_run`.
struct FireRequest {
    std::string template_id;
    std::int64_t revision = 0;
    task::Timestamp expected_next_run{};         // the template's next_run_at the scheduler saw
    task::Timestamp occurrence{};                // the occurrence this stands for (the latest one, when catching up)
    std::optional<task::Timestamp> next_run_at;  // the one after; none: the schedule has no more and it is disabled
    // The task to create, its first log line as its one log entry; none: the occurrence is passed over.
    std::optional<task::Task> task;
};

enum class FireOutcome {
    fired,    // the task was created and the template advanced
    overlap,  // overlap skip: the previous task is not final, so no task; the template advanced
    passed,   // no task was asked for; the template advanced
    lost,     // the template is gone, disabled, changed, or another caller already took this occurrence: nothing
};

struct FireResult {
    FireOutcome outcome = FireOutcome::lost;
    std::optional<task::Task> task;  // fired: the task as stored
};

// Durable home of recurring templates, for every host sharing the store. fire() is the exactly-once step: it compares
// the template's revision and next_run_at with what the caller saw and, in the same atomic commit, creates the task
// (as TaskStore::submit would, with its template_id) and advances next_run_at and last_occurrence. Of any number of
// callers racing for one occurrence, exactly one gets anything but `lost`. Implementations share their TaskStore's
// database and transactions (SqliteTemplateStore, RedisTemplateStore); one contract test suite holds both.
class TemplateStore {
 public:
    virtual ~TemplateStore() = default;

    // Stores a new template with revision 1. Throws StoreError when its id is taken.
    virtual void create(Template& created) = 0;

    virtual std::optional<Template> get(std::string_view template_id) = 0;

    virtual std::vector<Template> list(const TemplateQuery& query) = 0;

    // Replaces the definition (everything but the id, owner, creation time, last_occurrence and last_task_id) and
    // enabled/next_run_at with `changed`'s, growing the revision. Nothing when there is no such template.
    virtual std::optional<Template> update(const Template& changed) = 0;

    // False when there was none. Tasks it created stay.
    virtual bool remove(std::string_view template_id) = 0;

    // Enabled templates whose next_run_at is at or before `now`, earliest first, at most `max`.
    virtual std::vector<Template> due(task::Timestamp now, std::size_t max) = 0;

    // The earliest next_run_at of any enabled template, or nothing.
    virtual std::optional<task::Timestamp> earliest_next_run() = 0;

    virtual FireResult fire(const FireRequest& request) = 0;
};

}  // namespace dms::store
