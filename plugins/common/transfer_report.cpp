#include "transfer_report.hpp"

namespace dms::fs {
namespace {

nlohmann::json tally(std::uint64_t files, std::uint64_t bytes) { return {{"files", files}, {"bytes", bytes}}; }

}  // namespace

void TransferReport::copied(std::uint64_t bytes, bool symlink) {
    ++copied_files_;
    copied_bytes_ += bytes;
    if (symlink) ++symlinks_;
}

void TransferReport::skipped(std::uint64_t bytes, std::uint64_t files) {
    skipped_files_ += files;
    skipped_bytes_ += bytes;
}

void TransferReport::deleted(std::uint64_t files, std::uint64_t bytes, std::uint64_t dirs) {
    deleted_files_ += files;
    deleted_bytes_ += bytes;
    deleted_dirs_ += dirs;
}

void TransferReport::failed(std::string_view path, std::string_view reason, std::uint64_t bytes) {
    std::uint64_t number = ++failed_files_;
    failed_bytes_ += bytes;
    if (number <= kLoggedFailures) {
        task_.warn("failed: " + std::string(path) + ": " + std::string(reason));
        if (number == kLoggedFailures) task_.warn("further failures are counted but not logged");
    }
    {
        std::lock_guard lock(mutex_);
        if (failures_.size() < kFirstFailures) failures_.push_back({{"path", path}, {"reason", reason}});
    }
    if (fail_fast_) stop_.fail_fast();
}

void TransferReport::verified(std::string_view path, const std::string& source_hash, const std::string& copy_hash) {
    ++verified_;
    const bool match = source_hash == copy_hash;
    std::lock_guard lock(mutex_);
    if (single_file_) {
        single_verify_ = {
            {"algorithm", hash_name(verify_)}, {"source", source_hash}, {"copy", copy_hash}, {"match", match}};
    }
    if (!match) {
        ++mismatches_;
        if (mismatch_list_.size() < kFirstFailures) {
            mismatch_list_.push_back({{"path", path}, {"source", source_hash}, {"copy", copy_hash}});
        }
    }
}

void TransferReport::resumed(std::string_view path, std::uint64_t offset) {
    std::lock_guard lock(mutex_);
    resumed_ = {{"file", path}, {"offset", offset}};
}

void TransferReport::temp_removed(std::string_view path) {
    std::lock_guard lock(mutex_);
    ++removed_count_;
    if (removed_temps_.size() < kFirstFailures) removed_temps_.emplace_back(path);
}

void TransferReport::temp_kept(std::string_view path, std::uint64_t bytes) {
    std::lock_guard lock(mutex_);
    kept_temps_.push_back({{"path", path}, {"bytes", bytes}});
}

nlohmann::json TransferReport::json() const {
    nlohmann::json out{
        {"copied", tally(copied_files_, copied_bytes_)},
        {"skipped", tally(skipped_files_, skipped_bytes_)},
        {"deleted",
         {{"files", deleted_files_.load()}, {"bytes", deleted_bytes_.load()}, {"directories", deleted_dirs_.load()}}},
        {"failed", tally(failed_files_, failed_bytes_)},
        {"directories_created", dirs_created_.load()},
        {"symlinks_copied", symlinks_.load()},
        {"attributes_updated", attributes_.load()},
    };
    std::lock_guard lock(mutex_);
    out["failures"] = failures_;
    if (verify_ != HashKind::none) {
        if (single_file_ && !single_verify_.is_null()) {
            out["verify"] = single_verify_;
        } else {
            out["verify"] = {{"algorithm", hash_name(verify_)},
                             {"verified", verified_.load()},
                             {"mismatches", mismatches_.load()},
                             {"first_mismatches", mismatch_list_}};
        }
    }
    if (!resumed_.is_null()) out["resumed"] = resumed_;
    return out;
}

nlohmann::json TransferReport::cleanup_json(std::uint64_t files_left, std::uint64_t bytes_left) const {
    std::lock_guard lock(mutex_);
    return {{"temp_files_removed", removed_count_},
            {"removed", removed_temps_},
            {"kept_for_resume", kept_temps_},
            {"not_copied", tally(files_left, bytes_left)}};
}

std::string TransferReport::first_failure() const {
    std::lock_guard lock(mutex_);
    if (failures_.empty()) return {};
    return failures_[0]["path"].get<std::string>() + ": " + failures_[0]["reason"].get<std::string>();
}

}  // namespace dms::fs
