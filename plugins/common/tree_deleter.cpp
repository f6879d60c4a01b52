#include "tree_deleter.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "beneath.hpp"
#include "dir_reader.hpp"
#include "path_text.hpp"
#include "unique_fd.hpp"

namespace dms::fs {
namespace {

// Adds what is below an open folder to `out`, recursively, never following links.
void count_below(int dir_fd, Deletion& out) {
    DirReader reader(dir_fd);
    std::string_view name;
    while (reader.next(name)) {
        struct stat st {};
        std::string entry(name);
        if (::fstatat(dir_fd, entry.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            ++out.dirs;
            UniqueFd child(open_beneath(dir_fd, entry, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, kNoSymlinks));
            if (child) count_below(child.get(), out);
        } else {
            ++out.files;
            out.bytes += S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
        }
    }
}

}  // namespace

Deletion count_tree(int parent_fd, const std::string& name, const std::string& relative) {
    Deletion out{relative, EntryKind::other, 0, 0, 0};
    struct stat st {};
    if (::fstatat(parent_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return out;
    out.kind = kind_of(st.st_mode);
    if (out.kind != EntryKind::directory) {
        out.files = 1;
        out.bytes = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
        return out;
    }
    out.dirs = 1;
    UniqueFd dir(open_beneath(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, kNoSymlinks));
    if (dir) count_below(dir.get(), out);
    return out;
}

Deletion TreeDeleter::remove(int parent_fd, const std::string& name, const std::string& relative) {
    Deletion done{relative, EntryKind::other, 0, 0, 0};
    struct stat st {};
    if (::fstatat(parent_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT) on_error_(relative, errno);
        return done;
    }
    done.kind = kind_of(st.st_mode);
    if (done.kind == EntryKind::directory) {
        UniqueFd dir(open_beneath(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, kNoSymlinks));
        if (!dir) {
            on_error_(relative, -dir.get());
            return done;
        }
        remove_below(dir.get(), relative, done);
        if (should_stop_()) return done;
        if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) != 0) {
            on_error_(relative, errno);
        } else {
            ++done.dirs;
        }
        return done;
    }
    if (::unlinkat(parent_fd, name.c_str(), 0) != 0) {
        if (errno != ENOENT) on_error_(relative, errno);
        return done;
    }
    ++done.files;
    done.bytes += S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
    return done;
}

void TreeDeleter::remove_below(int dir_fd, const std::string& relative, Deletion& done) {
    DirReader reader(dir_fd);
    std::string_view name;
    std::vector<std::string> names;
    while (reader.next(name)) names.emplace_back(name);  // read fully first: removing while reading skips entries
    for (const std::string& entry : names) {
        if (should_stop_()) return;
        Deletion below = remove(dir_fd, entry, join_path(relative, entry));
        done.files += below.files;
        done.bytes += below.bytes;
        done.dirs += below.dirs;
    }
}

}  // namespace dms::fs
