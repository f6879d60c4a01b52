#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <vector>

#include "store/batch_worker.hpp"
#include "store/task_store.hpp"

namespace dms::store {

// Shares one durable commit among the endings of many attempts, as GroupCommitter does for submissions:
// a worker hands over its attempt's ending and takes the next task while the ending commits.
class FinishCommitter {
public:
    // Called on the committer thread once the ending is committed (`error` null, `result` what finish says),
    // or with the batch's exception (nothing of the batch stored; the leases then expire and requeue).
    using Done = std::function<void(std::exception_ptr error, const ChangeResult& result)>;

    static constexpr std::size_t kDefaultMaxBatch = 4096;

    explicit FinishCommitter(TaskStore& store, std::size_t max_batch = kDefaultMaxBatch);
    FinishCommitter(const FinishCommitter&) = delete;
    FinishCommitter& operator=(const FinishCommitter&) = delete;

    // Throws std::runtime_error once stop() has begun.
    void enqueue(FinishRequest request, Done done) { worker_.enqueue({std::move(request), std::move(done)}); }

    // Commits everything already enqueued, then ends the committer thread. Idempotent.
    void stop() { worker_.stop(); }

private:
    struct Pending {
        FinishRequest request;
        Done done;
    };

    void commit(std::vector<Pending>& batch);

    TaskStore& store_;
    BatchWorker<Pending> worker_;  // last: its thread starts once the rest exists
};

}  // namespace dms::store
