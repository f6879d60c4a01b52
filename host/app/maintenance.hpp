#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/task_store.hpp"

namespace dms::app {

// Background upkeep of the store: removes finished tasks older than the TTL, and puts back in their
// queues running tasks whose lease ran out (their host died or hung).
class Maintenance {
public:
    Maintenance(store::TaskStore& store, std::chrono::seconds task_ttl, std::chrono::milliseconds interval);
    ~Maintenance();

    void start();
    void stop();

    // One pass, now. Returns how many tasks expired.
    std::size_t sweep_once();

private:
    void loop();

    store::TaskStore& store_;
    std::chrono::seconds task_ttl_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace dms::app
