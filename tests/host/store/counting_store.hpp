#pragma once

#include <atomic>
#include <stdexcept>

#include "store/task_store.hpp"

namespace dms::store::test {

// Forwards every call to a real store and counts the submit calls (the commits a GroupCommitter makes); it can
// also make submit fail, to see a failed commit reach every waiting caller.
class CountingStore final : public TaskStore {
public:
    explicit CountingStore(TaskStore& inner) : inner_(inner) {}

    std::atomic<int> submits{0};
    std::atomic<int> submitted_tasks{0};
    std::atomic<bool> fail_submits{false};

    std::vector<SubmitRefusal> submit(std::span<task::Task> tasks, std::string_view log) override {
        ++submits;
        if (fail_submits) throw std::runtime_error("submit failed on purpose");
        auto refusals = inner_.submit(tasks, log);
        submitted_tasks += static_cast<int>(tasks.size());
        return refusals;
    }
    std::optional<task::Task> get(std::string_view id, std::size_t tail) override { return inner_.get(id, tail); }
    std::optional<std::int64_t> queue_position(std::string_view id) override { return inner_.queue_position(id); }
    std::optional<task::Task> lease_next(const LeaseRequest& request, std::string_view log) override {
        return inner_.lease_next(request, log);
    }
    bool renew_lease(const Fence& fence, task::Timestamp until) override { return inner_.renew_lease(fence, until); }
    std::vector<std::string> cancel_requested_among(std::span<const std::string> ids) override {
        return inner_.cancel_requested_among(ids);
    }
    std::vector<task::Task> lease_batch(const LeaseRequest& request, std::size_t max, std::string_view log) override {
        return inner_.lease_batch(request, max, log);
    }
    std::vector<ChangeResult> finish_batch(std::span<const FinishRequest> requests) override {
        return inner_.finish_batch(requests);
    }
    using TaskStore::finish;
    ChangeResult finish(const FinishRequest& request) override { return inner_.finish(request); }
    std::vector<std::string> requeue_abandoned(task::Timestamp now, std::optional<std::string> owner,
                                               std::string_view log) override {
        return inner_.requeue_abandoned(now, std::move(owner), log);
    }
    bool append_log(const Fence& fence, std::string_view message) override { return inner_.append_log(fence, message); }
    bool update_progress(const Fence& fence, const task::Progress& progress) override {
        return inner_.update_progress(fence, progress);
    }
    bool save_checkpoint(const Fence& fence, std::string_view cursor) override {
        return inner_.save_checkpoint(fence, cursor);
    }
    ChangeResult resubmit(std::string_view id, std::string_view log) override { return inner_.resubmit(id, log); }
    ChangeResult request_cancel(std::string_view id, std::string_view log) override {
        return inner_.request_cancel(id, log);
    }
    ChangeResult set_priority(std::string_view id, task::Priority priority, std::string_view log) override {
        return inner_.set_priority(id, priority, log);
    }
    bool remove(std::string_view id) override { return inner_.remove(id); }
    TaskPage list(const ListQuery& query) override { return inner_.list(query); }
    std::vector<std::string> users_of(std::string_view service) override { return inner_.users_of(service); }
    Stats stats() override { return inner_.stats(); }
    Blocks blocks() override { return inner_.blocks(); }
    void set_global_block(bool blocked) override { inner_.set_global_block(blocked); }
    void set_user_block(std::string_view user, bool blocked) override { inner_.set_user_block(user, blocked); }
    std::vector<std::string> paused_services() override { return inner_.paused_services(); }
    void set_service_paused(std::string_view service, bool paused) override {
        inner_.set_service_paused(service, paused);
    }
    RunningCount running_count(std::string_view service, std::string_view user) override {
        return inner_.running_count(service, user);
    }
    std::size_t expire_finished(task::Timestamp cutoff, std::size_t max) override {
        return inner_.expire_finished(cutoff, max);
    }
    bool healthy() override { return inner_.healthy(); }

private:
    TaskStore& inner_;
};

}  // namespace dms::store::test
