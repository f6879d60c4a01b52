#pragma once

#include <map>
#include <string>

#include "store/task_store.hpp"

namespace dms::service {

// The limits that keep one user or service from crowding out the others, as TaskService applies and reports them.
struct FairnessSettings {
    std::map<std::string, store::RunningCaps, std::less<>> running_caps;  // by service; absent: none
    double submit_rate_per_user = 0;   // submissions a second per user on this host; 0: no limit
    double submit_burst_per_user = 0;  // 0: the rate rounded up
};

}  // namespace dms::service
