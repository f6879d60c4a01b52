#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "dispatch/dispatcher.hpp"
#include "plugin/plugin_registry.hpp"
#include "service/fairness_settings.hpp"
#include "service/submit_rate_limiter.hpp"
#include "service/waiting_reason.hpp"
#include "store/group_commit.hpp"
#include "store/task_store.hpp"

namespace dms::service {

// Whose tasks a caller may see: a user of one service, or (both empty) an operator who sees all.
struct Scope {
    std::optional<std::string> service;
    std::optional<std::string> user_id;
};

struct SubmitRequest {
    std::string service;
    std::string user_id;
    nlohmann::json parameters = nlohmann::json::object();
    task::Priority priority = task::Priority::low;
    std::optional<int> max_retries;         // absent: the service's default
    std::optional<double> timeout_seconds;  // absent: the service's limit
    std::optional<task::Timestamp> run_at;  // ahead: the task waits as scheduled until then; past: runs now
    std::string request_id;                 // when set, named in the task's first log line
};

// A task as a caller asked for it, with its place in the queue and why it waits, when it waits.
struct TaskView {
    task::Task task;
    std::optional<std::int64_t> position;
    std::optional<Waiting> waiting;
};

// The operations users and operators have on tasks, queues and blocks: the rules in one place, with no
// knowledge of HTTP. Every method throws ServiceError for a refusal; nothing is changed then.
class TaskService {
public:
    TaskService(store::TaskStore& store, store::GroupCommitter& committer, const plugin::PluginRegistry& plugins,
                dispatch::Dispatcher& dispatcher, std::size_t log_tail,
                std::map<std::string, int, std::less<>> max_retries = {}, FairnessSettings fairness = {},
                std::set<std::string, std::less<>> external_services = {});

    // Checks the service, the plugin's verdict and the blocks, then queues the task durably (sharing a
    // commit with concurrent submissions) before it completes.
    boost::asio::awaitable<task::Task> submit(SubmitRequest request);

    TaskView get(const Scope& scope, const std::string& task_id) const;
    task::Task cancel(const Scope& scope, const std::string& task_id, const std::string& who);
    void remove(const Scope& scope, const std::string& task_id);
    // `who` names the actor in the task's log line, e.g. "operator (request 0190...)".
    task::Task set_priority(const std::string& task_id, task::Priority priority, const std::string& who);
    // An operator's retry of a failed task (a dead letter): back in its queue with a fresh retry budget.
    task::Task retry(const std::string& task_id, const std::string& who);

    store::TaskPage list(store::ListQuery query) const;
    std::vector<std::string> users_of(const std::string& service) const;
    store::Stats stats() const;

    store::Blocks blocks() const;
    void set_global_block(bool blocked);
    void set_user_block(const std::string& user_id, bool blocked);

    // Pauses or resumes a loaded service's queue: its queued tasks wait, running ones finish (task_service_fairness.cpp).
    void set_service_paused(const std::string& service, bool paused);
    std::vector<std::string> paused_services() const;

    // Refuse new submissions from now on (shutdown).
    void stop_accepting() { accepting_ = false; }

    // Service names and user ids: 1 to 128 of [A-Za-z0-9._@+-]. Throws bad_request otherwise.
    static void check_name(std::string_view what, const std::string& name);

private:
    task::Task find_in_scope(const Scope& scope, const std::string& task_id) const;
    task::Task with_log_tail(task::Task changed) const;
    void check_submit_rate(const std::string& user_id);
    std::optional<Waiting> waiting_of(const task::Task& task, std::optional<std::int64_t> position) const;

    store::TaskStore& store_;
    store::GroupCommitter& committer_;
    const plugin::PluginRegistry& plugins_;
    dispatch::Dispatcher& dispatcher_;
    std::size_t log_tail_;
    std::map<std::string, int, std::less<>> max_retries_;  // by service; absent: 0
    std::atomic<bool> accepting_{true};
    FairnessSettings fairness_;
    SubmitRateLimiter rate_limiter_;
    // Run by external workers (DMS_EXTERNAL_SERVICES): no plugin checks their parameters, any JSON object goes.
    std::set<std::string, std::less<>> external_services_;

    bool is_service(std::string_view service) const {
        return plugins_.find(service) != nullptr || external_services_.contains(service);
    }
};

}  // namespace dms::service
