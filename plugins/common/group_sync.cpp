#include "group_sync.hpp"

#include <unistd.h>

#include <cerrno>

namespace dms::fs {

GroupSync::GroupSync(std::function<int(int)> sync_fs) : sync_fs_(std::move(sync_fs)) {
    if (!sync_fs_) sync_fs_ = [](int fd) { return ::syncfs(fd) == 0 ? 0 : -errno; };
}

int GroupSync::sync(int fd) {
    std::unique_lock lock(mutex_);
    // The one running may have started before our writes ended: only the next one surely covers them.
    const std::uint64_t needed = started_ + 1;
    int error = 0;
    while (finished_ < needed) {
        if (running_) {
            ended_.wait(lock);
            continue;
        }
        running_ = true;
        const std::uint64_t number = ++started_;
        lock.unlock();
        const int result = sync_fs_(fd);
        lock.lock();
        running_ = false;
        finished_ = number;
        if (result != 0) {
            last_failed_ = number;
            error = result;
        }
        ended_.notify_all();
    }
    // Strict and simple: any failure since the sync we needed counts as ours.
    if (last_failed_ >= needed) return error != 0 ? error : -EIO;
    return 0;
}

}  // namespace dms::fs
