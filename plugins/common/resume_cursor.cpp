#include "resume_cursor.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace dms::fs {

std::optional<ResumeCursor> ResumeCursor::parse(std::string_view text) {
    if (text.empty()) return std::nullopt;
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object() || json.value("v", 0) != 1) return std::nullopt;
    try {
        ResumeCursor cursor;
        cursor.phase = json.value("phase", "copy");
        cursor.file = json.value("file", "");
        cursor.temp = json.value("temp", "");
        cursor.offset = json.value("offset", std::uint64_t{0});
        cursor.source_size = json.value("source_size", std::uint64_t{0});
        cursor.source_mtime_ns = json.value("source_mtime_ns", std::int64_t{0});
        return cursor;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

std::string ResumeCursor::text() const {
    nlohmann::json json{{"v", 1}, {"phase", phase}};
    if (!file.empty()) {
        json["file"] = file;
        json["temp"] = temp;
        json["offset"] = offset;
        json["source_size"] = source_size;
        json["source_mtime_ns"] = source_mtime_ns;
    }
    return json.dump();
}

void Checkpointer::chunk_done(const ResumeCursor& at, int temp_fd) {
    if (!enabled_) return;
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock() || claimed_) return;
    const auto now = Clock::now();
    const bool same_file = at.file == last_file_;
    const std::uint64_t since = same_file && at.offset > last_offset_ ? at.offset - last_offset_ : at.offset;
    const bool due = now - last_ >= std::chrono::seconds(1) ||
                     (since >= (64ull << 20) && now - last_ >= std::chrono::milliseconds(200));
    if (due) save(at, temp_fd);
}

bool Checkpointer::claim_resume_point(const ResumeCursor& at, int temp_fd) {
    if (!enabled_ || at.offset < kResumeMinimum) return false;
    std::lock_guard lock(mutex_);
    if (claimed_) return false;
    claimed_ = save(at, temp_fd);
    return claimed_;
}

bool Checkpointer::save(const ResumeCursor& at, int temp_fd) {
    if (::fdatasync(temp_fd) != 0) return false;
    task_.checkpoint(at.text());
    last_ = Clock::now();
    last_offset_ = at.offset;
    last_file_ = at.file;
    return true;
}

}  // namespace dms::fs
