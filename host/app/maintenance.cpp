#include "app/maintenance.hpp"

#include <spdlog/spdlog.h>

#include "util/thread_name.hpp"

namespace dms::app {
namespace {

constexpr std::size_t kExpiryBatch = 1000;  // short transactions, so submissions never wait long

}  // namespace

Maintenance::Maintenance(store::TaskStore& store, std::chrono::seconds task_ttl, std::chrono::milliseconds interval,
                         worker::WorkerGateway* workers)
    : store_(store), workers_(workers), task_ttl_(task_ttl), interval_(interval) {}

Maintenance::~Maintenance() { stop(); }

void Maintenance::start() {
    thread_ = std::thread([this] {
        util::name_this_thread("dms-maintain");
        loop();
    });
}

void Maintenance::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::size_t Maintenance::sweep_once() {
    auto cutoff = task::now() - std::chrono::duration_cast<std::chrono::microseconds>(task_ttl_);
    std::size_t expired = 0;
    for (;;) {
        std::size_t batch = store_.expire_finished(cutoff, kExpiryBatch);
        expired += batch;
        if (batch < kExpiryBatch) break;
    }
    if (expired > 0) spdlog::info("maintenance: {} finished task(s) expired after {}s", expired, task_ttl_.count());
    // A silent worker's attempt would otherwise run on until its lease lapsed, up to an hour past its timeout;
    // first, so one past both ends as timed out rather than interrupted.
    try {
        if (workers_) workers_->end_overrun_attempts();
    } catch (const std::exception& error) {  // the lease sweep below must still run
        spdlog::error("maintenance: timing out external attempts failed: {}", error.what());
    }
    auto requeued = store_.requeue_abandoned(task::now(), std::nullopt, "Lease expired; returned to its queue");
    if (!requeued.empty()) spdlog::warn("maintenance: {} task(s) with expired leases returned to their queues", requeued.size());
    return expired;
}

void Maintenance::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            sweep_once();
        } catch (const std::exception& error) {
            spdlog::error("maintenance: sweep failed: {}", error.what());
        }
        lock.lock();
        wake_.wait_for(lock, interval_, [&] { return stopping_; });
    }
}

}  // namespace dms::app
