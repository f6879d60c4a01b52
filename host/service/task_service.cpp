#include "service/task_service.hpp"

#include <algorithm>

#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "service/async_commit.hpp"
#include "service/service_error.hpp"
#include "store/submit_refused.hpp"
#include "util/ids.hpp"
#include "util/time_parse.hpp"

namespace dms::service {
namespace {

// A run_at further ahead is far more likely a typo than a plan.
constexpr auto kLongestSchedule = std::chrono::days(5 * 366);

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
}

ServiceError not_found(const std::string& task_id) {
    return ServiceError(ErrorKind::not_found, "no task " + task_id);
}

ServiceError illegal(const task::Task& task, std::string_view action) {
    return ServiceError(ErrorKind::illegal_transition, "cannot " + std::string(action) + " task " + task.task_id +
                                                           ": it is " + std::string(task::to_string(task.status)));
}

}  // namespace

TaskService::TaskService(store::TaskStore& store, store::GroupCommitter& committer,
                         const plugin::PluginRegistry& plugins, dispatch::Dispatcher& dispatcher, std::size_t log_tail,
                         std::map<std::string, int, std::less<>> max_retries, FairnessSettings fairness,
                         std::set<std::string, std::less<>> external_services)
    : store_(store),
      committer_(committer),
      plugins_(plugins),
      dispatcher_(dispatcher),
      log_tail_(log_tail),
      max_retries_(std::move(max_retries)),
      fairness_(std::move(fairness)),
      rate_limiter_(fairness_.submit_rate_per_user, fairness_.submit_burst_per_user),
      external_services_(std::move(external_services)) {}

void TaskService::check_name(std::string_view what, const std::string& name) {
    if (name.empty() || name.size() > 128 || !std::all_of(name.begin(), name.end(), name_char)) {
        throw ServiceError(ErrorKind::bad_request, std::string(what) + " '" + name.substr(0, 128) +
                                                       "' is not valid: use 1 to 128 of A-Z a-z 0-9 . _ @ + -");
    }
}

boost::asio::awaitable<task::Task> TaskService::submit(SubmitRequest request) {
    if (!accepting_) throw ServiceError(ErrorKind::shutting_down, "the host is shutting down; submit again later");
    check_name("service", request.service);
    check_name("user_id", request.user_id);
    check_submit_rate(request.user_id);
    if (!is_service(request.service)) {
        throw ServiceError(ErrorKind::unknown_service, "unknown service '" + request.service + "'");
    }
    if (!request.parameters.is_object()) throw ServiceError(ErrorKind::bad_request, "parameters must be a JSON object");
    if (auto refusal = external_services_.contains(request.service)
                           ? std::nullopt
                           : plugins_.validate(request.service, request.parameters)) {
        throw ServiceError(ErrorKind::invalid_parameters, *refusal);
    }

    task::Task task;
    task.task_id = util::new_task_id();
    task.service = std::move(request.service);
    task.user_id = std::move(request.user_id);
    task.parameters = std::move(request.parameters);
    task.priority = request.priority;
    auto service_retries = max_retries_.find(task.service);
    task.max_retries = request.max_retries.value_or(service_retries == max_retries_.end() ? 0 : service_retries->second);
    task.timeout_seconds = request.timeout_seconds;
    task.created_at = task.updated_at = task::now();
    if (request.run_at && *request.run_at > task.created_at) {
        if (*request.run_at - task.created_at > kLongestSchedule) {
            throw ServiceError(ErrorKind::bad_request, "run_at is more than 5 years ahead");
        }
        task.not_before = request.run_at;
    }
    // The first log line names the request, so the task's history leads back to the access log.
    std::string first_line = task.not_before ? "Task scheduled for " + util::format_rfc3339_utc(*task.not_before)
                                             : std::string("Task queued");
    if (!request.request_id.empty()) first_line += " (request " + request.request_id + ")";
    if (task.not_before || !request.request_id.empty()) task.logs = {{task.created_at, std::move(first_line)}};
    // The blocks are checked as the task is committed (TaskStore::submit), with no read of their own.
    std::string user_id = task.user_id;
    task::Task stored;
    try {
        stored = co_await async_commit(committer_, std::move(task), boost::asio::use_awaitable);
    } catch (const store::SubmitRefused& refused) {
        if (refused.why() == store::SubmitRefusal::all_blocked) {
            throw ServiceError(ErrorKind::blocked, "new submissions are blocked by an operator");
        }
        throw ServiceError(ErrorKind::blocked, "user '" + user_id + "' is blocked by an operator");
    }
    // A task due now woke the workers as its batch committed (the committer's on_stored).
    if (stored.not_before) dispatcher_.wake_at(*stored.not_before);
    co_return stored;
}

task::Task TaskService::find_in_scope(const Scope& scope, const std::string& task_id) const {
    // Anything that is not a task id cannot name a task: no store look-up needed.
    if (!util::looks_like_task_id(task_id)) throw not_found(task_id);
    auto task = store_.get(task_id, log_tail_);
    // Another user's task answers exactly like a missing one, so existence is not leaked.
    if (!task || (scope.service && task->service != *scope.service) || (scope.user_id && task->user_id != *scope.user_id)) {
        throw not_found(task_id);
    }
    return std::move(*task);
}

TaskView TaskService::get(const Scope& scope, const std::string& task_id) const {
    TaskView view{find_in_scope(scope, task_id), std::nullopt, std::nullopt};
    if (view.task.status == task::Status::queued) view.position = store_.queue_position(task_id);
    view.waiting = waiting_of(view.task, view.position);
    return view;
}

task::Task TaskService::cancel(const Scope& scope, const std::string& task_id, const std::string& who) {
    task::Task current = find_in_scope(scope, task_id);
    std::string log = (current.status == task::Status::running ? "Cancel requested by " : "Cancelled by ") + who;
    store::ChangeResult change = store_.request_cancel(task_id, log);
    if (change.change == store::Change::not_found) throw not_found(task_id);
    if (change.change != store::Change::applied) throw illegal(change.task ? *change.task : current, "cancel");
    if (change.task->status == task::Status::running) dispatcher_.cancel(task_id);
    return with_log_tail(std::move(*change.task));
}

void TaskService::remove(const Scope& scope, const std::string& task_id) {
    task::Task current = find_in_scope(scope, task_id);
    if (!store_.remove(task_id)) throw not_found(task_id);
    // Its plugin stops; any write it still makes is refused, the task being gone.
    if (current.status == task::Status::running) dispatcher_.cancel(task_id);
}

task::Task TaskService::retry(const std::string& task_id, const std::string& who) {
    task::Task current = find_in_scope({}, task_id);
    store::ChangeResult change = store_.resubmit(task_id, "Retried by " + who + ": back in its queue with a fresh budget");
    if (change.change == store::Change::not_found) throw not_found(task_id);
    if (change.change != store::Change::applied) throw illegal(change.task ? *change.task : current, "retry");
    dispatcher_.notify_work();
    return with_log_tail(std::move(*change.task));
}

task::Task TaskService::set_priority(const std::string& task_id, task::Priority priority, const std::string& who) {
    task::Task current = find_in_scope({}, task_id);
    std::string log = "Priority changed from " + std::string(task::to_string(current.priority)) + " to " +
                      std::string(task::to_string(priority)) + " by " + who;
    store::ChangeResult change = store_.set_priority(task_id, priority, log);
    if (change.change == store::Change::not_found) throw not_found(task_id);
    if (change.change != store::Change::applied) throw illegal(change.task ? *change.task : current, "reprioritize");
    return with_log_tail(std::move(*change.task));
}

task::Task TaskService::with_log_tail(task::Task changed) const {
    // The store answers a change without log lines; the caller wants to see the line it just caused.
    auto fresh = store_.get(changed.task_id, log_tail_);
    return fresh ? std::move(*fresh) : std::move(changed);
}

store::TaskPage TaskService::list(store::ListQuery query) const {
    try {
        return store_.list(query);
    } catch (const std::invalid_argument& error) {
        throw ServiceError(ErrorKind::bad_request, error.what());
    }
}

std::vector<std::string> TaskService::users_of(const std::string& service) const {
    check_name("service", service);
    return store_.users_of(service);
}

store::Stats TaskService::stats() const { return store_.stats(); }

store::Blocks TaskService::blocks() const { return store_.blocks(); }

void TaskService::set_global_block(bool blocked) {
    store_.set_global_block(blocked);
    spdlog::info("operator {} all new submissions", blocked ? "blocked" : "unblocked");
}

void TaskService::set_user_block(const std::string& user_id, bool blocked) {
    check_name("user_id", user_id);
    store_.set_user_block(user_id, blocked);
    spdlog::info("operator {} user '{}'", blocked ? "blocked" : "unblocked", user_id);
}

}  // namespace dms::service
