#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <dms/sdk.hpp>

#include "file_hasher.hpp"
#include "stop_state.hpp"

namespace dms::fs {

// The counts, first failures, checksums and clean-up of one transfer attempt, filled from every worker
// thread: what the task's result and summary line show.
class TransferReport {
 public:
    static constexpr std::size_t kFirstFailures = 20;
    static constexpr std::size_t kLoggedFailures = 100;

    // @param fail_fast stop the whole transfer at the first failure
    TransferReport(const sdk::Task& task, StopState& stop, bool fail_fast, HashKind verify, bool single_file)
        : task_(task), stop_(stop), fail_fast_(fail_fast), verify_(verify), single_file_(single_file) {}

    void copied(std::uint64_t bytes, bool symlink);
    void skipped(std::uint64_t bytes, std::uint64_t files = 1);
    void deleted(std::uint64_t files, std::uint64_t bytes, std::uint64_t dirs);
    void directory_created() { ++dirs_created_; }
    void attributes_updated() { ++attributes_; }

    // A file that could not be transferred: logged (the first 100), kept (the first 20), counted; under
    // fail_fast it stops the transfer.
    void failed(std::string_view path, std::string_view reason, std::uint64_t bytes = 0);

    // A written copy checked against its source.
    void verified(std::string_view path, const std::string& source_hash, const std::string& copy_hash);

    // A large file continued from an earlier attempt's offset.
    void resumed(std::string_view path, std::uint64_t offset);

    // Temporary files at a cancel: removed, or kept as the resume point.
    void temp_removed(std::string_view path);
    void temp_kept(std::string_view path, std::uint64_t bytes);

    std::uint64_t failures() const { return failed_files_.load(); }
    std::uint64_t copied_files() const { return copied_files_.load(); }
    std::uint64_t mismatches() const { return mismatches_.load(); }

    // @return {"copied", "skipped", "deleted", "failed", "failures", ...} as documented in docs/transfers.md
    nlohmann::json json() const;

    // @return the cancel section: what was removed and what was left
    nlohmann::json cleanup_json(std::uint64_t files_left, std::uint64_t bytes_left) const;

    // @return "a/b: vanished" for the first failure, or empty
    std::string first_failure() const;

 private:
    const sdk::Task& task_;
    StopState& stop_;
    bool fail_fast_;
    HashKind verify_;
    bool single_file_;

    std::atomic<std::uint64_t> copied_files_{0}, copied_bytes_{0}, symlinks_{0};
    std::atomic<std::uint64_t> skipped_files_{0}, skipped_bytes_{0};
    std::atomic<std::uint64_t> deleted_files_{0}, deleted_bytes_{0}, deleted_dirs_{0};
    std::atomic<std::uint64_t> failed_files_{0}, failed_bytes_{0};
    std::atomic<std::uint64_t> dirs_created_{0}, attributes_{0};
    std::atomic<std::uint64_t> verified_{0}, mismatches_{0};

    mutable std::mutex mutex_;
    nlohmann::json failures_ = nlohmann::json::array();
    nlohmann::json mismatch_list_ = nlohmann::json::array();
    nlohmann::json single_verify_;
    nlohmann::json resumed_;
    std::vector<std::string> removed_temps_;
    std::uint64_t removed_count_ = 0;
    nlohmann::json kept_temps_ = nlohmann::json::array();
};

}  // namespace dms::fs
