#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plan.hpp"
#include "unique_fd.hpp"

namespace dms::fs {

// A file being written under a temporary name (".<name>.dms-part-<task id prefix>") in its destination
// folder and renamed into place only when whole, so no reader ever sees half a file under its final name
// and a crash leaves none. The temporary file is flock()ed while written: a stale one (its writer gone,
// even by kill -9) can be told from a live one.
class TempFile {
 public:
    // @return ".dms-part-" and the first 8 characters of the task id
    static std::string suffix_for(std::string_view task_id);
    // @return the temporary name of `final_name` for a task's `suffix`; the same in every attempt
    static std::string name_for(std::string_view final_name, std::string_view suffix);
    // @return true for any task's temporary name
    static bool is_temp_name(std::string_view name);

    // Opens `temp_name` in `dir_fd` for writing, creating it or taking over a stale one, and keeps its
    // first `resume_from` bytes when it has that many (else starts empty).
    // @throw std::system_error, EBUSY when another live writer holds it
    TempFile(int dir_fd, std::string temp_name, std::string final_name, std::uint64_t resume_from);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    int fd() const { return fd_.get(); }
    const std::string& name() const { return temp_name_; }
    // @return the offset writing continues from: resume_from, or 0 when the file held less
    std::uint64_t resumed_from() const { return resumed_from_; }

    // Sets owner (when `owners`, i.e. running as root), mode and modification time.
    // @throw std::system_error
    void apply_attributes(const EntryAttributes& attributes, bool owners);

    // fdatasync: the data is on disk before the rename makes it visible. @throw std::system_error
    void sync();

    // Renames it over the final name. @throw std::system_error, EISDIR when a folder is in the way
    void commit();

    // Removes it now (the destructor does unless committed or kept).
    void discard() noexcept;

    // Leaves it in place, e.g. as a resume point for the next attempt.
    void keep() noexcept { done_ = true; }

 private:
    int dir_fd_;
    std::string temp_name_;
    std::string final_name_;
    UniqueFd fd_;
    std::uint64_t resumed_from_ = 0;
    bool done_ = false;
};

// Writes a symbolic link under `temp_name` with the link's owner (when `owners`) and time, then renames
// it over `final_name`. @return 0 or -errno
int write_symlink(int dir_fd, const std::string& temp_name, const std::string& final_name, const FileOp& op,
                  bool owners);

// Sets an existing destination entry's owner, mode and time without following a symbolic link.
// @return 0 or -errno
int set_attributes_at(int dir_fd, const std::string& name, const EntryAttributes& attributes, bool owners);

}  // namespace dms::fs
