#include "service/template_service.hpp"

#include <spdlog/spdlog.h>

#include "schedule/cron_schedule.hpp"
#include "service/service_error.hpp"
#include "util/ids.hpp"

namespace dms::service {
namespace {

using std::chrono::sys_seconds;

ServiceError not_found(const std::string& template_id) {
    return ServiceError(ErrorKind::not_found, "no template " + template_id);
}

// The schedule of a template whose cron and zone were validated.
schedule::CronSchedule schedule_of(const store::Template& definition) {
    const date::time_zone* zone = schedule::CronSchedule::find_zone(definition.time_zone);
    if (zone == nullptr) {
        throw ServiceError(ErrorKind::bad_request, "unknown time zone '" + definition.time_zone.substr(0, 64) +
                                                       "': use an IANA name such as UTC or Europe/Paris");
    }
    try {
        return schedule::CronSchedule(schedule::CronExpression::parse(definition.cron), zone);
    } catch (const schedule::CronSyntaxError& error) {
        throw ServiceError(ErrorKind::bad_request, "cron: " + std::string(error.what()));
    }
}

sys_seconds now_seconds() { return std::chrono::floor<std::chrono::seconds>(task::now()); }

// Applies the caller's fields over `into`; with `replace`, absent ones take a new template's defaults first.
void apply(const TemplateChanges& fields, bool replace, store::Template& into) {
    if (replace) {
        store::Template defaults;
        into.parameters = defaults.parameters;
        into.priority = defaults.priority;
        into.max_retries = defaults.max_retries;
        into.timeout_seconds = defaults.timeout_seconds;
        into.overlap = defaults.overlap;
        into.catch_up = defaults.catch_up;
        into.enabled = defaults.enabled;
        if (!fields.cron || !fields.time_zone) {
            throw ServiceError(ErrorKind::bad_request, "a template needs \"cron\" and \"time_zone\"");
        }
    }
    if (fields.cron) into.cron = *fields.cron;
    if (fields.time_zone) into.time_zone = *fields.time_zone;
    if (fields.parameters) into.parameters = *fields.parameters;
    if (fields.priority) into.priority = *fields.priority;
    if (fields.max_retries) into.max_retries = *fields.max_retries;
    if (fields.timeout_seconds) into.timeout_seconds = *fields.timeout_seconds;
    if (fields.overlap) into.overlap = *fields.overlap;
    if (fields.catch_up) into.catch_up = *fields.catch_up;
    if (fields.enabled) into.enabled = *fields.enabled;
}

bool in_scope(const Scope& scope, const store::Template& definition) {
    return (!scope.service || definition.service == *scope.service) &&
           (!scope.user_id || definition.user_id == *scope.user_id);
}

}  // namespace

TemplateService::TemplateService(store::TemplateStore& store, const plugin::PluginRegistry& plugins,
                                 std::function<void()> on_change, std::set<std::string, std::less<>> external_services)
    : store_(store),
      plugins_(plugins),
      on_change_(std::move(on_change)),
      external_services_(std::move(external_services)) {}

void TemplateService::validate(store::Template& candidate) const {
    const bool external = external_services_.contains(candidate.service);
    if (!external && !plugins_.find(candidate.service)) {
        throw ServiceError(ErrorKind::unknown_service, "unknown service '" + candidate.service + "'");
    }
    if (!candidate.parameters.is_object()) {
        throw ServiceError(ErrorKind::bad_request, "parameters must be a JSON object");
    }
    schedule_of(candidate);
    if (external) return;  // no plugin checks an external service's parameters: any object goes, as at submit
    if (auto refusal = plugins_.validate(candidate.service, candidate.parameters)) {
        throw ServiceError(ErrorKind::invalid_parameters, *refusal);
    }
}

// Sets next_run_at: none while disabled; kept while the schedule and enabled state are as `before` had them; else
// the first run after now (the schedule starts afresh).
void TemplateService::reschedule(store::Template& candidate, const store::Template* before) const {
    if (!candidate.enabled) {
        candidate.next_run_at.reset();
        return;
    }
    if (before && before->enabled && before->next_run_at && before->cron == candidate.cron &&
        before->time_zone == candidate.time_zone) {
        candidate.next_run_at = before->next_run_at;
        return;
    }
    auto next = schedule_of(candidate).next_after(now_seconds());
    if (!next) throw ServiceError(ErrorKind::bad_request, "cron: '" + candidate.cron + "' never runs");
    candidate.next_run_at = std::chrono::time_point_cast<std::chrono::microseconds>(*next);
}

store::Template TemplateService::create(const std::string& service, const std::string& user_id,
                                        const TemplateChanges& fields) {
    TaskService::check_name("service", service);
    TaskService::check_name("user_id", user_id);
    store::Template created;
    created.service = service;
    created.user_id = user_id;
    apply(fields, true, created);
    validate(created);
    reschedule(created, nullptr);
    created.template_id = util::new_task_id();
    created.created_at = created.updated_at = task::now();
    store_.create(created);
    spdlog::info("template {} created for user '{}' of service '{}': '{}' in {}", created.template_id, user_id, service,
                 created.cron, created.time_zone);
    if (on_change_) on_change_();
    return created;
}

std::vector<store::Template> TemplateService::list(const Scope& scope) const {
    if (scope.service) TaskService::check_name("service", *scope.service);
    if (scope.user_id) TaskService::check_name("user_id", *scope.user_id);
    return store_.list({scope.service, scope.user_id});
}

store::Template TemplateService::get(const Scope& scope, const std::string& template_id) const {
    // Anything that is not a UUID cannot name a template; another user's answers like a missing one.
    auto found = util::looks_like_task_id(template_id) ? store_.get(template_id) : std::nullopt;
    if (!found || !in_scope(scope, *found)) throw not_found(template_id);
    return std::move(*found);
}

store::Template TemplateService::stored_update(const store::Template& changed) {
    auto stored = store_.update(changed);
    if (!stored) throw not_found(changed.template_id);
    if (on_change_) on_change_();
    return std::move(*stored);
}

store::Template TemplateService::update(const Scope& scope, const std::string& template_id,
                                        const TemplateChanges& fields, bool replace) {
    const store::Template before = get(scope, template_id);
    store::Template changed = before;
    apply(fields, replace, changed);
    validate(changed);
    reschedule(changed, &before);
    changed.updated_at = task::now();
    return stored_update(changed);
}

store::Template TemplateService::set_enabled(const Scope& scope, const std::string& template_id, bool enabled) {
    const store::Template before = get(scope, template_id);
    store::Template changed = before;
    changed.enabled = enabled;
    reschedule(changed, &before);
    changed.updated_at = task::now();
    spdlog::info("template {} {}", template_id, enabled ? "enabled" : "disabled");
    return stored_update(changed);
}

store::Template TemplateService::remove(const Scope& scope, const std::string& template_id) {
    store::Template removed = get(scope, template_id);
    if (!store_.remove(template_id)) throw not_found(template_id);
    spdlog::info("template {} deleted", template_id);
    if (on_change_) on_change_();
    return removed;
}

TemplatePreview TemplateService::preview(const Scope& scope, const std::string& template_id, std::size_t count) const {
    if (count < 1 || count > kMostPreviewRuns) {
        throw ServiceError(ErrorKind::bad_request,
                           "count must be a whole number from 1 to " + std::to_string(kMostPreviewRuns));
    }
    TemplatePreview preview{get(scope, template_id), {}};
    preview.runs = schedule_of(preview.definition).next(now_seconds(), count);
    return preview;
}

}  // namespace dms::service
