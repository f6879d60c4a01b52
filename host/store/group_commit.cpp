#include "store/group_commit.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace dms::store {

GroupCommitter::GroupCommitter(TaskStore& store, std::string log, std::size_t max_batch)
    : store_(store),
      log_(std::move(log)),
      max_batch_(std::max<std::size_t>(max_batch, 1)),
      thread_([this] { run(); }) {}

GroupCommitter::~GroupCommitter() { stop(); }

void GroupCommitter::enqueue(task::Task task, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw std::runtime_error("group committer is stopped");
        pending_.push_back({std::move(task), std::move(done)});
    }
    wake_.notify_one();
}

void GroupCommitter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void GroupCommitter::run() {
    std::vector<Pending> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
            if (pending_.empty()) return;  // stopping, and everything enqueued is committed
            // While this batch commits, new submissions pile up in pending_ and form the next batch.
            if (pending_.size() <= max_batch_) {
                batch.swap(pending_);
            } else {
                auto end = pending_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
                batch.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(end));
                pending_.erase(pending_.begin(), end);
            }
        }
        commit(batch);
        batch.clear();
    }
}

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
