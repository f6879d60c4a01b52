#include "store/group_commit.hpp"

#include <utility>

#include "store/submit_refused.hpp"

namespace dms::store {
namespace {

// Whether the batch stored a task that a worker could start now.
bool any_due_now(const std::vector<task::Task>& tasks, const std::vector<SubmitRefusal>& refusals) {
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        bool refused = i < refusals.size() && refusals[i] != SubmitRefusal::none;
        if (!refused && !tasks[i].not_before) return true;
    }
    return false;
}

}  // namespace

GroupCommitter::GroupCommitter(TaskStore& store, std::string log, Stored on_stored, std::size_t max_batch)
    : store_(store),
      log_(std::move(log)),
      on_stored_(std::move(on_stored)),
      worker_([this](std::vector<Pending>& batch) { commit(batch); }, max_batch, "dms-submit") {}

void GroupCommitter::commit(std::vector<Pending>& batch) {
    std::vector<task::Task> tasks;
    tasks.reserve(batch.size());
    for (Pending& pending : batch) tasks.push_back(std::move(pending.task));
    std::exception_ptr error;
    std::vector<SubmitRefusal> refusals;
    try {
        refusals = store_.submit(tasks, log_);
    } catch (...) {
        error = std::current_exception();
    }
    if (!error && on_stored_ && any_due_now(tasks, refusals)) {
        try {
            on_stored_();
        } catch (...) {
            // The workers' periodic look finds the tasks anyway; the submitters must still hear of them.
        }
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        std::exception_ptr outcome = error;
        if (!error && i < refusals.size() && refusals[i] != SubmitRefusal::none) {
            outcome = std::make_exception_ptr(SubmitRefused(refusals[i]));
        }
        try {
            // Moved: a refusal's exception is then released on the thread that reads it, never on both.
            batch[i].done(std::move(outcome), tasks[i]);
        } catch (...) {
            // A failing callback must not keep the others from hearing about their tasks, nor end the thread.
        }
    }
}

}  // namespace dms::store
