#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/task_store.hpp"

namespace dms::store {

// Shares one durable commit among many submissions: callers enqueue, one committer thread takes everything
// pending (up to a cap) and stores it with a single TaskStore::submit, so an fsync costs a batch, not a task.
class GroupCommitter {
public:
    // Called once per task on the committer thread: `error` is null when the task is stored, and `stored` is the
    // task with its seq; otherwise `error` holds the batch's exception and nothing of the batch was stored.
    using Done = std::function<void(std::exception_ptr error, const task::Task& stored)>;

    static constexpr std::size_t kDefaultMaxBatch = 4096;

    // `log` is every task's first log line (e.g. "Task queued"). `store` must outlive the committer.
    GroupCommitter(TaskStore& store, std::string log, std::size_t max_batch = kDefaultMaxBatch);
    ~GroupCommitter();
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    // Queues a task for the next commit. Throws std::runtime_error once stop() has begun.
    void enqueue(task::Task task, Done done);

    // Commits everything already enqueued, then ends the committer thread. Idempotent.
    void stop();

private:
    struct Pending {
        task::Task task;
        Done done;
    };

    void run();
    void commit(std::vector<Pending>& batch);

    TaskStore& store_;
    std::string log_;
    std::size_t max_batch_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Pending> pending_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace dms::store
