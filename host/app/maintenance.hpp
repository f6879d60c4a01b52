#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/task_store.hpp"
#include "worker/worker_gateway.hpp"

namespace dms::app {

// Background upkeep of the store: removes finished tasks older than the TTL, puts back in their queues running
// tasks whose lease ran out (their host died or hung), and ends external workers' attempts past their timeout.
class Maintenance {
public:
    // `workers` may be null: then no external attempt is timed out here.
    Maintenance(store::TaskStore& store, std::chrono::seconds task_ttl, std::chrono::milliseconds interval,
                worker::WorkerGateway* workers = nullptr);
    ~Maintenance();

    void start();
    void stop();

    // One pass, now. Returns how many tasks expired.
    std::size_t sweep_once();

private:
    void loop();

    store::TaskStore& store_;
    worker::WorkerGateway* workers_;
    std::chrono::seconds task_ttl_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace dms::app
