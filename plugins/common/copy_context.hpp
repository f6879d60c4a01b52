#pragma once

#include <mutex>
#include <optional>
#include <set>
#include <string>

#include <dms/sdk.hpp>

#include "endpoints.hpp"
#include "group_sync.hpp"
#include "progress_meter.hpp"
#include "resume_cursor.hpp"
#include "stop_state.hpp"
#include "transfer_report.hpp"
#include "transfer_request.hpp"

namespace dms::fs {

// Destination folders whose entries changed: their modification times are set again at the end.
class TouchedDirs {
 public:
    void add(const std::string& relative) {
        std::lock_guard lock(mutex_);
        dirs_.insert(relative);
    }
    bool any() const {
        std::lock_guard lock(mutex_);
        return !dirs_.empty();
    }
    bool contains(const std::string& relative) const {
        std::lock_guard lock(mutex_);
        return dirs_.contains(relative);
    }

 private:
    mutable std::mutex mutex_;
    std::set<std::string> dirs_;
};

// What every worker of one transfer shares: the task, both ends, the request and the places results go.
struct CopyContext {
    const sdk::Task& task;
    const Endpoints& endpoints;
    const TransferRequest& request;
    TransferReport& report;
    StopState& stop;
    Checkpointer& checkpointer;
    ProgressMeter& progress;
    TouchedDirs& touched;
    GroupSync& group_sync;               // the destination's syncfs, shared by the workers
    std::string temp_suffix;             // ".dms-part-<task id prefix>"
    std::optional<ResumeCursor> resume;  // an earlier attempt's cursor
    bool owners = false;                 // running as root: copy owners
};

}  // namespace dms::fs
