#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dms::fs {

// A fixed pool of threads running jobs, where a job may push more jobs (a folder pushes its
// subfolders): the parallel walk and the parallel copy both run on it.
class WorkQueue {
 public:
    // @param threads how many jobs run at once, at least 1
    explicit WorkQueue(unsigned threads);
    ~WorkQueue();
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    // Adds a job. THREADING: any thread, jobs included.
    void push(std::function<void()> job);

    // Waits until every job pushed so far, and every job those pushed, has run, or until `timeout`.
    // @return true when idle; rethrows the first exception a job let escape
    bool wait_for(std::chrono::milliseconds timeout);

 private:
    void work();

    std::mutex mutex_;
    std::condition_variable has_job_;
    std::condition_variable idle_;
    std::deque<std::function<void()>> jobs_;
    std::size_t active_ = 0;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::vector<std::thread> threads_;
};

}  // namespace dms::fs
