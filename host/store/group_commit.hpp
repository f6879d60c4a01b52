#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "store/batch_worker.hpp"
#include "store/task_store.hpp"

namespace dms::store {

// Shares one durable commit among many submissions: callers enqueue, one committer thread takes everything
// pending (up to a cap) and stores it with a single TaskStore::submit, so an fsync costs a batch, not a task.
class GroupCommitter {
public:
    // Called once per task on the committer thread: `error` is null when the task is stored, and `stored` is the
    // task with its seq; SubmitRefused when an operator's block refused this task (the others may be stored);
    // otherwise `error` holds the batch's exception and nothing of the batch was stored.
    using Done = std::function<void(std::exception_ptr error, const task::Task& stored)>;

    // Called on the committer thread once per commit that stored a task due now (not waiting for a time),
    // before any of the batch's Done: one wake-up of the workers for the batch rather than one per task.
    using Stored = std::function<void()>;

    static constexpr std::size_t kDefaultMaxBatch = 4096;

    // `log` is every task's first log line (e.g. "Task queued"). `store` must outlive the committer.
    GroupCommitter(TaskStore& store, std::string log, Stored on_stored = {}, std::size_t max_batch = kDefaultMaxBatch);
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    // Queues a task for the next commit. Throws std::runtime_error once stop() has begun.
    void enqueue(task::Task task, Done done) { worker_.enqueue({std::move(task), std::move(done)}); }

    // Commits everything already enqueued, then ends the committer thread. Idempotent.
    void stop() { worker_.stop(); }

private:
    struct Pending {
        task::Task task;
        Done done;
    };

    void commit(std::vector<Pending>& batch);

    TaskStore& store_;
    std::string log_;
    Stored on_stored_;
    BatchWorker<Pending> worker_;  // last: its thread starts once the rest exists
};

}  // namespace dms::store
