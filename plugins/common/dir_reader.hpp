#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace dms::fs {

// Reads a folder's entries with getdents64 into one buffer, skipping "." and "..": no allocation and
// no stat per entry.
class DirReader {
 public:
    // @param fd an open folder, read from its current position; not owned
    explicit DirReader(int fd);

    // @param name set to the next entry's name, valid until the next call
    // @return false at the end or on an error (see error())
    bool next(std::string_view& name);

    // @return 0, or the errno that ended reading early
    int error() const { return error_; }

 private:
    static constexpr std::size_t kBuffer = 32 * 1024;
    int fd_;
    std::unique_ptr<char[]> buffer_;
    std::size_t used_ = 0;
    std::size_t offset_ = 0;
    int error_ = 0;
};

}  // namespace dms::fs
