#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <dms/sdk.hpp>

namespace dms::fs {

// A transfer's resume cursor, saved as JSON text: {"v":1, "phase", "file", "temp", "offset",
// "source_size", "source_mtime_ns"}. The next attempt of the task continues `file` from `offset` when
// `temp` still holds at least that many bytes and the source still has that size and time.
struct ResumeCursor {
    std::string phase = "copy";  // "copy" or "delete"
    std::string file;            // the source file, relative to the source base
    std::string temp;            // its temporary file, relative to the destination base
    std::uint64_t offset = 0;    // bytes of `temp` known to be on disk
    std::uint64_t source_size = 0;
    std::int64_t source_mtime_ns = 0;

    // @return the cursor, or nothing when `text` is empty or not one of ours
    static std::optional<ResumeCursor> parse(std::string_view text);
    std::string text() const;
};

// Saves resume cursors for large files at safe points: after the first chunk, then once a second or every
// 64 MiB (at most five times a second), and only once the temporary file's data up to the offset is on
// disk (fdatasync).
class Checkpointer {
 public:
    static constexpr std::uint64_t kResumeMinimum = 8ull << 20;  // smaller partial files are not kept

    // @param enabled false when writes are not synced (fsync=false): an offset would promise nothing
    Checkpointer(const sdk::Task& task, bool enabled) : task_(task), enabled_(enabled) {}

    // After a chunk of a large file. THREADING: any thread; skips when another thread is checkpointing.
    void chunk_done(const ResumeCursor& at, int temp_fd);

    // At a cancel: makes this file, when large enough, the resume point. Only the first claim wins.
    // @return true when the caller must keep its temporary file
    bool claim_resume_point(const ResumeCursor& at, int temp_fd);

 private:
    using Clock = std::chrono::steady_clock;
    bool save(const ResumeCursor& at, int temp_fd);

    const sdk::Task& task_;
    bool enabled_;
    std::mutex mutex_;
    Clock::time_point last_{};  // never: a large file's first chunk is checkpointed at once
    std::uint64_t last_offset_ = 0;
    std::string last_file_;
    bool claimed_ = false;
};

}  // namespace dms::fs
