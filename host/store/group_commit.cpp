#include "store/group_commit.hpp"

#include <utility>

namespace dms::store {

GroupCommitter::GroupCommitter(TaskStore& store, std::string log, std::size_t max_batch)
    : store_(store), log_(std::move(log)), worker_([this](std::vector<Pending>& batch) { commit(batch); }, max_batch) {}

void GroupCommitter::commit(std::vector<Pending>& batch) {
    std::vector<task::Task> tasks;
    tasks.reserve(batch.size());
    for (Pending& pending : batch) tasks.push_back(std::move(pending.task));
    std::exception_ptr error;
    try {
        store_.submit(tasks, log_);
    } catch (...) {
        error = std::current_exception();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            batch[i].done(error, tasks[i]);
        } catch (...) {
            // A failing callback must not keep the others from hearing about their tasks, nor end the thread.
        }
    }
}

}  // namespace dms::store
