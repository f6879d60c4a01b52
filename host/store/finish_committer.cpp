#include "store/finish_committer.hpp"

namespace dms::store {

FinishCommitter::FinishCommitter(TaskStore& store, std::size_t max_batch)
    : store_(store), worker_([this](std::vector<Pending>& batch) { commit(batch); }, max_batch, "dms-finish") {}

void FinishCommitter::commit(std::vector<Pending>& batch) {
    std::vector<FinishRequest> requests;
    requests.reserve(batch.size());
    for (Pending& pending : batch) requests.push_back(std::move(pending.request));
    std::exception_ptr error;
    std::vector<ChangeResult> results;
    try {
        results = store_.finish_batch(requests);
    } catch (...) {
        error = std::current_exception();
    }
    const ChangeResult nothing{};
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            batch[i].done(error, error || i >= results.size() ? nothing : results[i]);
        } catch (...) {
            // A failing callback must not keep the others from hearing about their attempts.
        }
    }
}

}  // namespace dms::store
