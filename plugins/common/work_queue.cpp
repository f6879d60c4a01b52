#include "work_queue.hpp"

#include <algorithm>
#include <utility>

namespace dms::fs {

WorkQueue::WorkQueue(unsigned threads) {
    for (unsigned i = 0; i < std::max(1u, threads); ++i) threads_.emplace_back([this] { work(); });
}

WorkQueue::~WorkQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    has_job_.notify_all();
    for (std::thread& thread : threads_) thread.join();
}

void WorkQueue::push(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    has_job_.notify_one();
}

bool WorkQueue::wait_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    bool done = idle_.wait_for(lock, timeout, [&] { return jobs_.empty() && active_ == 0; });
    if (done && error_) std::rethrow_exception(std::exchange(error_, nullptr));
    return done;
}

void WorkQueue::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        has_job_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        std::function<void()> job = std::move(jobs_.front());
        jobs_.pop_front();
        ++active_;
        lock.unlock();
        try {
            job();
        } catch (...) {
            std::lock_guard error_lock(mutex_);
            if (!error_) error_ = std::current_exception();
        }
        lock.lock();
        --active_;
        if (jobs_.empty() && active_ == 0) idle_.notify_all();
    }
}

}  // namespace dms::fs
