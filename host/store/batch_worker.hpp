#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "util/thread_name.hpp"

namespace dms::store {

// One thread that hands `commit` everything enqueued since its last call, up to `max_batch` items at a
// time: while one batch commits, the next piles up. The engine of group commit for any kind of write.
template <class Item>
class BatchWorker {
public:
    using Commit = std::function<void(std::vector<Item>& batch)>;

    // `thread_name` names the thread for operators' tools (util::name_this_thread).
    BatchWorker(Commit commit, std::size_t max_batch, std::string thread_name)
        : commit_(std::move(commit)),
          max_batch_(std::max<std::size_t>(max_batch, 1)),
          thread_name_(std::move(thread_name)),
          thread_([this] { run(); }) {}
    ~BatchWorker() { stop(); }
    BatchWorker(const BatchWorker&) = delete;
    BatchWorker& operator=(const BatchWorker&) = delete;

    // Throws std::runtime_error once stop() has begun.
    void enqueue(Item item) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) throw std::runtime_error("batch worker is stopped");
            pending_.push_back(std::move(item));
        }
        wake_.notify_one();
    }

    // Commits everything already enqueued, then ends the thread. Idempotent.
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

private:
    void run() {
        util::name_this_thread(thread_name_);
        std::vector<Item> batch;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
                if (pending_.empty()) return;  // stopping, and everything enqueued is committed
                if (pending_.size() <= max_batch_) {
                    batch.swap(pending_);
                } else {
                    auto end = pending_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
                    batch.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(end));
                    pending_.erase(pending_.begin(), end);
                }
            }
            commit_(batch);
            batch.clear();
        }
    }

    Commit commit_;
    std::size_t max_batch_;
    std::string thread_name_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Item> pending_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace dms::store
