#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugin/plugin_registry.hpp"
#include "service/task_service.hpp"
#include "store/template_store.hpp"

namespace dms::service {

// The fields of a template a caller sets. For a create or a replacement (PUT) an absent field takes its default;
// for a change (PATCH) it keeps its value. max_retries and timeout_seconds hold an empty inner optional for an
// explicit null: back to the service's default.
struct TemplateChanges {
    std::optional<std::string> cron;
    std::optional<std::string> time_zone;
    std::optional<nlohmann::json> parameters;
    std::optional<task::Priority> priority;
    std::optional<std::optional<int>> max_retries;
    std::optional<std::optional<double>> timeout_seconds;
    std::optional<store::OverlapPolicy> overlap;
    std::optional<store::CatchUpPolicy> catch_up;
    std::optional<bool> enabled;
};

// The next runs of a template, for a preview.
struct TemplatePreview {
    store::Template definition;
    std::vector<std::chrono::sys_seconds> runs;
};

// Recurring templates for users and operators: validation (service, cron, zone, parameters) and the schedule's next
// run, with no knowledge of HTTP. Every method throws ServiceError for a refusal; nothing is changed then.
class TemplateService {
 public:
    static constexpr std::size_t kMostPreviewRuns = 100;

    // `on_change` is told of every change (the scheduler then looks again at once). `external_services` are run by
    // external workers (DMS_EXTERNAL_SERVICES): templates may name them, with any JSON object as parameters.
    TemplateService(store::TemplateStore& store, const plugin::PluginRegistry& plugins,
                    std::function<void()> on_change, std::set<std::string, std::less<>> external_services = {});

    store::Template create(const std::string& service, const std::string& user_id, const TemplateChanges& fields);
    std::vector<store::Template> list(const Scope& scope) const;
    store::Template get(const Scope& scope, const std::string& template_id) const;
    // `replace`: PUT semantics (absent fields take defaults); otherwise PATCH semantics.
    store::Template update(const Scope& scope, const std::string& template_id, const TemplateChanges& fields,
                           bool replace);
    store::Template set_enabled(const Scope& scope, const std::string& template_id, bool enabled);
    // Returns the template as it was.
    store::Template remove(const Scope& scope, const std::string& template_id);
    // The next `count` (1 to kMostPreviewRuns) runs after now, whether or not the template is enabled.
    TemplatePreview preview(const Scope& scope, const std::string& template_id, std::size_t count) const;

 private:
    void validate(store::Template& candidate) const;
    void reschedule(store::Template& candidate, const store::Template* before) const;
    store::Template stored_update(const store::Template& changed);

    store::TemplateStore& store_;
    const plugin::PluginRegistry& plugins_;
    std::function<void()> on_change_;
    std::set<std::string, std::less<>> external_services_;  // run by external workers: no plugin checks them
};

}  // namespace dms::service
