#pragma once

#include <sys/stat.h>

#include <functional>

#include "file_hasher.hpp"

namespace dms::fs {

// Decides whether a destination entry already matches its source: by modification time (to the
// nanosecond) or by content hash for same-size files, and whether its mode, owner and time need setting.
class EntryComparer {
 public:
    // @param owners owners are compared (running as root, where they are also copied)
    // @param hash the hash for content comparison
    EntryComparer(bool owners, HashKind hash) : owners_(owners), hash_(hash) {}

    static bool same_mtime(const struct stat& a, const struct stat& b) {
        return a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
    }

    // @param check_mtime also compare modification times (when content, not time, decided sameness)
    bool attributes_differ(const struct stat& source, const struct stat& destination, bool check_mtime) const;

    // Hashes both open files; any read error counts as different (the copy then reports it).
    // @param stop polled while hashing; a stopped comparison counts as different
    bool same_content(int source_fd, int destination_fd, const std::function<bool()>& stop) const;

 private:
    bool owners_;
    HashKind hash_;
};

}  // namespace dms::fs
