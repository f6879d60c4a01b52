#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dms::fs {

// The kinds of entries a transfer handles; anything else (fifos, sockets, devices) is skipped.
enum class EntryKind : std::uint8_t { file, symlink, directory, other };

inline EntryKind kind_of(mode_t mode) {
    if (S_ISREG(mode)) return EntryKind::file;
    if (S_ISLNK(mode)) return EntryKind::symlink;
    if (S_ISDIR(mode)) return EntryKind::directory;
    return EntryKind::other;
}

// What a plan keeps of a source entry's stat: what the copy must reproduce.
struct EntryAttributes {
    std::uint64_t size = 0;
    timespec mtime{};
    mode_t mode = 0;
    uid_t uid = 0;
    gid_t gid = 0;

    static EntryAttributes of(const struct stat& st) {
        return {static_cast<std::uint64_t>(st.st_size), st.st_mtim, st.st_mode, st.st_uid, st.st_gid};
    }
    std::int64_t mtime_ns() const { return std::int64_t(mtime.tv_sec) * 1000000000 + mtime.tv_nsec; }
};

// What happens to one destination file: written anew, written over an older one, or only its mode,
// owner and time set.
enum class FileAction : std::uint8_t { create, replace, attributes };

// One file or symbolic link to write.
struct FileOp {
    std::string source_name;
    std::string destination_name;
    EntryKind kind = EntryKind::file;
    FileAction action = FileAction::create;
    EntryAttributes attributes;
    std::string link_target;  // symbolic links only
};

// The files to write from one source folder into one destination folder (paths relative to the bases).
struct DirGroup {
    std::string source_dir;
    std::string destination_dir;
    std::vector<FileOp> files;
};

// A destination folder to create, or whose mode and time to set once its contents are written.
struct DirOp {
    std::string relative;
    EntryAttributes attributes;
    bool create = false;
    bool attributes_differ = false;
};

// A destination entry to remove (with everything below it, for a folder).
struct Deletion {
    std::string relative;
    EntryKind kind = EntryKind::file;
    std::uint64_t files = 0;  // files and links, counting those inside a folder
    std::uint64_t bytes = 0;
    std::uint64_t dirs = 0;
};

// A count of files and their bytes.
struct Tally {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
    void add(std::uint64_t size, std::uint64_t count = 1) {
        files += count;
        bytes += size;
    }
    void add(const Tally& other) { add(other.bytes, other.files); }
};

// The first few paths of a category, smallest first, so that answers are the same run after run.
class PathSample {
 public:
    static constexpr std::size_t kSize = 20;
    void add(std::string_view path) {
        if (paths_.size() == kSize && path >= paths_.back()) return;
        paths_.insert(std::upper_bound(paths_.begin(), paths_.end(), path), std::string(path));
        if (paths_.size() > kSize) paths_.pop_back();
    }
    void add(const PathSample& other) {
        for (const std::string& path : other.paths_) add(path);
    }
    const std::vector<std::string>& paths() const { return paths_; }

 private:
    std::vector<std::string> paths_;
};

// A problem found while planning, reported like a failed file.
struct PlanFailure {
    std::string path;
    std::string reason;
};

// Everything a transfer will do, computed before it touches anything: what a dry run answers.
struct Plan {
    bool tree = false;
    std::vector<DirGroup> groups;
    std::vector<DirOp> dirs;
    std::vector<Deletion> conflicts;       // destination entries in the way of a source entry (sync delete=true)
    std::vector<Deletion> deletions;       // destination entries the source does not have (sync delete=true)
    std::vector<std::string> stale_temps;  // this task's temporary files left by an earlier attempt
    std::vector<PlanFailure> failures;

    Tally create, replace, unchanged, remove;
    std::uint64_t attribute_updates = 0;
    std::uint64_t dirs_to_create = 0;
    std::uint64_t dirs_to_remove = 0;
    std::uint64_t specials_skipped = 0;
    std::uint64_t source_files = 0;       // files and links seen in the source
    std::uint64_t destination_files = 0;  // files and links the destination holds now
    PathSample create_paths, replace_paths, remove_paths, attribute_paths, dir_paths;

    // Adds another (partial) plan's contents to this one: how the parallel walk's jobs combine.
    void absorb(Plan&& other);

    // @return the bytes the transfer will write
    std::uint64_t bytes_to_copy() const { return create.bytes + replace.bytes; }
};

}  // namespace dms::fs
