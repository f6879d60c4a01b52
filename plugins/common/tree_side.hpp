#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>

#include "unique_fd.hpp"

namespace dms::fs {

// One side of a transfer: an allowed root (an O_PATH descriptor) and the base folder beneath it that
// plan paths are relative to. Every open goes through open_beneath, from the root or from a folder
// opened beneath it, so a symbolic link swapped in at any time cannot lead out of the root.
class TreeSide {
 public:
    // @param root the allowed root, opened O_PATH | O_DIRECTORY
    // @param root_real its real path, for messages
    // @param base_relative the base folder, relative to the root
    // @param follow follow symbolic links below the base (still never out of the root)
    TreeSide(UniqueFd root, std::string root_real, std::string base_relative, bool follow);

    bool base_exists() const { return base_.valid(); }
    int base_fd() const { return base_.get(); }
    int root_fd() const { return root_.get(); }
    const std::string& base_relative() const { return base_relative_; }
    bool follow() const { return follow_; }
    void set_base(UniqueFd base) { base_ = std::move(base); }

    // root/base/relative, for messages and results
    std::string absolute(std::string_view relative = {}) const;

    // Opens folder `relative` (to the base) to read its entries. @return a descriptor or -errno
    int open_dir(const std::string& relative) const;

    // Opens entry `name` of folder `relative`, already open as `dir_fd`: a symbolic link is refused
    // (ELOOP) unless following, and then resolved from the root. @return a descriptor or -errno
    int open_entry(int dir_fd, const std::string& relative, const std::string& name, int flags) const;

    // stat of `relative` (to the base) following symbolic links beneath the root. @return 0 or -errno
    int stat_followed(const std::string& relative, struct stat& st) const;

    // Creates the base and its missing parents beneath the root (mkdir -p) and opens it.
    // @return 0 or -errno
    int create_base();

    // The deepest folder of the base's path that exists, opened O_PATH. @return a descriptor or -errno
    int open_deepest_existing() const;

 private:
    UniqueFd root_;
    std::string root_real_;
    std::string base_relative_;
    bool follow_;
    UniqueFd base_;
};

}  // namespace dms::fs
