#include "worker/worker_gateway.hpp"

#include <chrono>
#include <cmath>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "dispatch/attempt_ending.hpp"
#include "service/task_service.hpp"
#include "worker/worker_refusal.hpp"

namespace dms::worker {
namespace {

using Kind = WorkerRefusal::Kind;

void require(bool holds, Kind kind, const std::string& message) {
    if (!holds) throw WorkerRefusal(kind, message);
}

void check_lease_seconds(double seconds) {
    require(std::isfinite(seconds) && seconds >= WorkerGateway::kShortestLeaseSeconds &&
                seconds <= WorkerGateway::kLongestLeaseSeconds,
            Kind::bad_request, "lease_seconds must be from 1 to 3600");
}

std::string lost_message(const store::Fence& fence) {
    return "attempt " + std::to_string(fence.attempt) + " of task " + fence.task_id +
           " is no longer current: its lease expired or it ended; nothing was written";
}

// Leased by an external worker, not by a host running the same service with a plugin on a shared store.
bool leased_by_a_worker(const task::Task& task) { return task.lease_owner.starts_with(WorkerGateway::lease_owner("")); }

}  // namespace

WorkerGateway::WorkerGateway(store::TaskStore& store, WorkerSettings settings)
    : store_(store), settings_(std::move(settings)), retry_policy_(settings_.retry_base, settings_.retry_cap) {}

task::Timestamp WorkerGateway::deadline(double lease_seconds) {
    return task::now() + std::chrono::microseconds(static_cast<std::int64_t>(lease_seconds * 1e6));
}

std::vector<task::Task> WorkerGateway::lease(const LeaseOrder& order) {
    try {
        service::TaskService::check_name("worker_id", order.worker_id);
    } catch (const std::exception& error) {
        throw WorkerRefusal(Kind::bad_request, error.what());
    }
    require(!order.services.empty(), Kind::bad_request, "services must name at least one service");
    for (const auto& service : order.services) {
        require(runs(service), Kind::unknown_service,
                "service '" + service + "' is not run by external workers (DMS_EXTERNAL_SERVICES)");
    }
    check_lease_seconds(order.lease_seconds);
    require(order.max_tasks >= 1 && order.max_tasks <= kMostTasksPerLease, Kind::bad_request,
            "max_tasks must be from 1 to " + std::to_string(kMostTasksPerLease));

    store::LeaseRequest request;
    request.host_id = lease_owner(order.worker_id);
    request.lease_until = deadline(order.lease_seconds);
    request.services = order.services;
    request.now = task::now();
    request.max_wait = settings_.max_wait;
    for (const auto& service : order.services) {
        if (auto caps = settings_.running_caps.find(service); caps != settings_.running_caps.end()) {
            request.running_caps[service] = caps->second;
        }
    }
    return store_.lease_batch(request, order.max_tasks, "Started by external worker " + order.worker_id);
}

task::Task WorkerGateway::current(const store::Fence& fence) const {
    auto task = store_.get(fence.task_id, 0);
    require(task && runs(task->service), Kind::not_found, "no task " + fence.task_id + " of an external service");
    require(task->status == task::Status::running && task->attempts == fence.attempt, Kind::lease_lost,
            lost_message(fence));
    return *task;
}

std::optional<std::chrono::milliseconds> WorkerGateway::overrun(const task::Task& task) const {
    auto service = settings_.timeouts.find(task.service);
    auto limit = dispatch::attempt_timeout(task, service == settings_.timeouts.end() ? std::chrono::milliseconds{0}
                                                                                    : service->second);
    if (limit.count() <= 0 || !task.attempt_started_at || task::now() - *task.attempt_started_at < limit) {
        return std::nullopt;
    }
    return limit;
}

bool WorkerGateway::end_timed_out(const task::Task& task, const store::Fence& fence, std::chrono::milliseconds limit) {
    plugin::RunOutcome outcome{plugin::RunOutcome::Kind::error, false, {}, nlohmann::json::object()};
    dispatch::AttemptEnding ending =
        dispatch::decide_ending(outcome, dispatch::StopReason::timeout, dispatch::timeout_detail(limit));
    retry_policy_.plan(ending, task, false, task::now());
    return store_.finish({fence, ending.event, ending.result, ending.log, ending.not_before, true}).change ==
           store::Change::applied;
}

void WorkerGateway::end_if_overrun(const task::Task& task, const store::Fence& fence) {
    auto limit = overrun(task);
    if (!limit) return;
    // Ended here, or a moment ago by another call of the same worker or the sweep: either way this attempt is over.
    end_timed_out(task, fence, *limit);
    throw WorkerRefusal(Kind::lease_lost, "attempt " + std::to_string(fence.attempt) + " of task " + fence.task_id +
                                              " timed out (" + dispatch::timeout_detail(*limit) +
                                              ") and was ended; nothing was written");
}

std::size_t WorkerGateway::end_overrun_attempts() {
    if (settings_.services.empty()) return 0;
    std::size_t ended = 0;
    // One pass over the running tasks (the status index), not one per service, which would read its whole history.
    store::ListQuery query;
    query.status = task::Status::running;
    query.limit = kOverrunPage;
    for (;;) {
        store::TaskPage page = store_.list(query);
        for (const task::Task& task : page.tasks) {
            if (!runs(task.service) || !leased_by_a_worker(task)) continue;
            auto limit = overrun(task);
            if (!limit) continue;
            try {
                if (!end_timed_out(task, {task.task_id, task.attempts}, *limit)) continue;
            } catch (const std::exception& error) {  // one task that cannot be ended must not shield the rest
                spdlog::error("task {}: its attempt {} past its timeout could not be ended: {}", task.task_id,
                              task.attempts, error.what());
                continue;
            }
            ++ended;
            spdlog::warn("task {} of external service {}: attempt {} timed out ({}) while its worker was silent",
                         task.task_id, task.service, task.attempts, dispatch::timeout_detail(*limit));
        }
        if (!page.next_cursor) break;
        query.cursor = page.next_cursor;
    }
    return ended;
}

HeartbeatAnswer WorkerGateway::heartbeat(const store::Fence& fence, double lease_seconds) {
    check_lease_seconds(lease_seconds);
    end_if_overrun(current(fence), fence);
    task::Timestamp until = deadline(lease_seconds);
    require(store_.renew_lease(fence, until), Kind::lease_lost, lost_message(fence));
    std::vector<std::string> ids{fence.task_id};
    return {until, !store_.cancel_requested_among(ids).empty()};
}

void WorkerGateway::append_log(const store::Fence& fence, const std::string& message) {
    require(!message.empty() && message.size() <= 8192, Kind::bad_request, "message must be 1 to 8192 bytes");
    end_if_overrun(current(fence), fence);
    require(store_.append_log(fence, message), Kind::lease_lost, lost_message(fence));
}

void WorkerGateway::report_progress(const store::Fence& fence, const task::Progress& progress) {
    require(std::isfinite(progress.done) && std::isfinite(progress.total) && progress.done >= 0 && progress.total >= 0,
            Kind::bad_request, "done and total must be numbers from 0 (total 0: unknown)");
    end_if_overrun(current(fence), fence);
    require(store_.update_progress(fence, progress), Kind::lease_lost, lost_message(fence));
}

task::Task WorkerGateway::complete(const store::Fence& fence, nlohmann::json result) {
    require(result.is_object(), Kind::bad_request, "result must be a JSON object");
    task::Task task = current(fence);
    plugin::RunOutcome outcome{plugin::RunOutcome::Kind::ok, false, {}, std::move(result)};
    // The same endings as the host's own attempts: a cancel requested meanwhile does not undo finished work.
    dispatch::AttemptEnding ending = dispatch::decide_ending(
        outcome, task.cancel_requested ? dispatch::StopReason::user_cancel : dispatch::StopReason::none);
    return end_attempt(fence, {fence, ending.event, ending.result, ending.log, ending.not_before, true});
}

task::Task WorkerGateway::fail(const store::Fence& fence, FailureReport report) {
    require(!report.error.empty() && report.error.size() <= 8192, Kind::bad_request, "error must be 1 to 8192 bytes");
    require(report.result.is_object(), Kind::bad_request, "result must be a JSON object");
    task::Task task = current(fence);
    plugin::RunOutcome outcome{plugin::RunOutcome::Kind::error, report.permanent, report.error, std::move(report.result)};
    // A failure after a cancel request is the worker stopping as asked: the task ends cancelled, as a plugin's would.
    dispatch::AttemptEnding ending = dispatch::decide_ending(
        outcome, task.cancel_requested ? dispatch::StopReason::user_cancel : dispatch::StopReason::none);
    retry_policy_.plan(ending, task, report.permanent, task::now());
    return end_attempt(fence, {fence, ending.event, ending.result, ending.log, ending.not_before, true});
}

task::Task WorkerGateway::end_attempt(const store::Fence& fence, const store::FinishRequest& request) {
    store::ChangeResult change = store_.finish(request);
    require(change.change != store::Change::stale, Kind::lease_lost, lost_message(fence));
    require(change.change != store::Change::not_found, Kind::not_found, "no task " + fence.task_id);
    require(change.change == store::Change::applied && change.task.has_value(), Kind::lease_lost,
            lost_message(fence));
    return *change.task;
}

}  // namespace dms::worker
