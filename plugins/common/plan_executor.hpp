#pragma once

#include <cstdint>

#include "copy_context.hpp"
#include "plan.hpp"
#include "work_queue.hpp"

namespace dms::fs {

// Carries out a plan in the order that keeps the destination sound: stale temporary files and entries in
// the way go first, then folders (parents first), then files in parallel batches, then (sync) deletions,
// and last the folders' modes and times, deepest first, since writing into a folder changes its time.
class PlanExecutor {
 public:
    PlanExecutor(CopyContext& context, WorkQueue& queue, const Plan& plan)
        : context_(context), queue_(queue), plan_(plan) {}

    // Serial preparation: removes stale temporary files, creates the destination base, removes entries
    // in the way (sync delete=true, unless the deletion guard refused) and creates folders.
    // @throw std::runtime_error when the destination base cannot be created
    void prepare(bool remove_conflicts);

    // Pushes the file batches onto the queue; the caller waits for it.
    void start_copies();

    // Pushes the deletions onto the queue; the caller waits for it.
    void start_deletions();

    // Sets the mode, owner and time of every folder created, changed or written into.
    void finish_directories();

    // Makes the renames, deletions and folder times durable (syncfs) before the task reports completion;
    // each file's data was synced before its rename.
    void make_durable();

 private:
    void remove_entry(const Deletion& deletion);

    CopyContext& context_;
    WorkQueue& queue_;
    const Plan& plan_;
};

}  // namespace dms::fs
