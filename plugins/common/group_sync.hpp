#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace dms::fs {

// Group commit for syncfs: workers whose temporary files are written ask for a sync of the destination's
// file system that starts after their writes; all who ask while one runs share the next one. So parallel
// batches cost about one syncfs at a time instead of one each, and a file's data is still on disk before
// its rename.
class GroupSync {
 public:
    // @param sync_fs the sync to share, given a descriptor on the file system; syncfs by default
    //        (a test passes its own). @return 0 or -errno
    explicit GroupSync(std::function<int(int)> sync_fs = {});

    // Returns once a sync that started after this call began has ended.
    // @param fd any descriptor on the file system to sync
    // @return 0, or -errno when that sync failed (the caller syncs its files itself)
    // THREADING: any thread; blocks while a sync runs.
    int sync(int fd);

 private:
    std::function<int(int)> sync_fs_;
    std::mutex mutex_;
    std::condition_variable ended_;
    std::uint64_t started_ = 0;   // syncs started so far; the running one is number started_
    std::uint64_t finished_ = 0;  // the last one that ended
    std::uint64_t last_failed_ = 0;
    bool running_ = false;
};

}  // namespace dms::fs
