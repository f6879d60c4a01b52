#include "tree_side.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "beneath.hpp"
#include "path_text.hpp"

namespace dms::fs {

TreeSide::TreeSide(UniqueFd root, std::string root_real, std::string base_relative, bool follow)
    : root_(std::move(root)),
      root_real_(std::move(root_real)),
      base_relative_(std::move(base_relative)),
      follow_(follow) {}

std::string TreeSide::absolute(std::string_view relative) const {
    return join_path(join_path(root_real_, base_relative_), relative);
}

int TreeSide::open_dir(const std::string& relative) const {
    if (follow_) return open_beneath(root_.get(), join_path(base_relative_, relative), O_RDONLY | O_DIRECTORY);
    if (!base_.valid()) return -ENOENT;
    return open_beneath(base_.get(), relative, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, kNoSymlinks);
}

int TreeSide::open_entry(int dir_fd, const std::string& relative, const std::string& name, int flags) const {
    if (follow_) return open_beneath(root_.get(), join_path(join_path(base_relative_, relative), name), flags);
    return open_beneath(dir_fd, name, flags | O_NOFOLLOW, kNoSymlinks);
}

int TreeSide::stat_followed(const std::string& relative, struct stat& st) const {
    UniqueFd fd(open_beneath(root_.get(), join_path(base_relative_, relative), O_PATH));
    if (!fd) return fd.get();
    return ::fstat(fd.get(), &st) == 0 ? 0 : -errno;
}

int TreeSide::create_base() {
    UniqueFd parent(open_beneath(root_.get(), ".", O_PATH | O_DIRECTORY));
    if (!parent) return parent.get();
    std::string prefix;
    for (std::string_view part : path_components(base_relative_)) {
        prefix = join_path(prefix, part);
        int fd = open_beneath(root_.get(), prefix, O_PATH | O_DIRECTORY);
        if (fd == -ENOENT) {
            if (::mkdirat(parent.get(), std::string(part).c_str(), 0777) != 0 && errno != EEXIST) return -errno;
            fd = open_beneath(root_.get(), prefix, O_PATH | O_DIRECTORY);
        }
        if (fd < 0) return fd;
        parent.reset(fd);
    }
    int base = open_beneath(parent.get(), ".", O_RDONLY | O_DIRECTORY);
    if (base < 0) return base;
    base_.reset(base);
    return 0;
}

int TreeSide::open_deepest_existing() const {
    UniqueFd deepest(open_beneath(root_.get(), ".", O_PATH | O_DIRECTORY));
    if (!deepest) return deepest.get();
    std::string prefix;
    for (std::string_view part : path_components(base_relative_)) {
        prefix = join_path(prefix, part);
        int fd = open_beneath(root_.get(), prefix, O_PATH | O_DIRECTORY);
        if (fd < 0) break;
        deepest.reset(fd);
    }
    return deepest.release();
}

}  // namespace dms::fs
