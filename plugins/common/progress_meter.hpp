#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include <dms/sdk.hpp>

namespace dms::fs {

// A transfer's progress in bytes (total: the planned bytes) and files, advanced by the workers and
// reported to the host by the coordinating thread a few times a second.
class ProgressMeter {
 public:
    void set_totals(std::uint64_t bytes, std::uint64_t files) {
        total_bytes_ = bytes;
        total_files_ = files;
    }
    void add_bytes(std::uint64_t bytes) { bytes_.fetch_add(bytes, std::memory_order_relaxed); }
    void add_file() { files_.fetch_add(1, std::memory_order_relaxed); }

    std::uint64_t bytes() const { return bytes_.load(); }
    std::uint64_t files() const { return files_.load(); }
    std::uint64_t total_bytes() const { return total_bytes_; }
    std::uint64_t total_files() const { return total_files_; }

    // Reports "copying: 120/20000 files" with bytes done of the planned total (never above it).
    void report(const sdk::Task& task, const std::string& stage) const {
        const std::uint64_t done = std::min(bytes(), total_bytes_);
        task.progress(static_cast<double>(done), static_cast<double>(total_bytes_), "bytes",
                      stage + ": " + std::to_string(std::min(files(), total_files_)) + "/" +
                          std::to_string(total_files_) + " files");
    }

 private:
    std::atomic<std::uint64_t> bytes_{0};
    std::atomic<std::uint64_t> files_{0};
    std::uint64_t total_bytes_ = 0;
    std::uint64_t total_files_ = 0;
};

}  // namespace dms::fs
