#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <dms/sdk.hpp>

#include "allowed_roots.hpp"
#include "endpoints.hpp"
#include "plan.hpp"
#include "plan_executor.hpp"
#include "stop_state.hpp"
#include "transfer_report.hpp"
#include "transfer_request.hpp"
#include "work_queue.hpp"

namespace dms::fs {

// One attempt of a copy or sync task from start to end: resolve both ends beneath their roots, plan
// from a parallel walk, then either answer the plan (dry run) or carry it out, and set the result.
// Returns when done or cancelled; throws, after setting the result, when any file failed, fail_fast
// stopped the transfer or the deletion guard refused.
class TransferJob {
 public:
    TransferJob(sdk::Task& task, const AllowedRoots& roots, TransferRequest request)
        : task_(task), roots_(roots), request_(std::move(request)) {}

    void run();

 private:
    Plan make_plan(const Endpoints& endpoints, WorkQueue& queue, StopState& stop);
    // Waits for the queue, reporting progress every 250 ms and polling cancel meanwhile.
    void wait(WorkQueue& queue, StopState& stop, const std::function<void()>& report);
    // sync's deletions, unless the transfer stopped, a file failed or the guard refused.
    // @return why they were skipped, or empty when they ran
    std::string delete_extraneous(PlanExecutor& executor, WorkQueue& queue, StopState& stop,
                                  const TransferReport& report, const std::optional<std::string>& refusal);
    nlohmann::json header(const Endpoints& endpoints) const;
    std::string describe() const;

    sdk::Task& task_;
    const AllowedRoots& roots_;
    TransferRequest request_;
};

}  // namespace dms::fs
