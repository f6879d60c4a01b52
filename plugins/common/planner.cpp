#include "planner.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "beneath.hpp"
#include "dir_reader.hpp"
#include "path_text.hpp"
#include "temp_file.hpp"
#include "tree_deleter.hpp"

namespace dms::fs {
namespace {

std::string path_of(const std::string& dir, std::string_view name) { return join_path(dir, name); }

std::string missing_or(int err) { return err == ENOENT ? "vanished" : errno_text(err); }

}  // namespace

void Planner::start() {
    plan_.tree = endpoints_.tree;
    if (!endpoints_.tree) return plan_single_entry();
    const TreeSide& source = *endpoints_.source;
    const TreeSide& destination = *endpoints_.destination;
    struct stat top {};
    ::fstat(source.base_fd(), &top);
    DirOp op{"", EntryAttributes::of(top), !destination.base_exists(), false};
    if (destination.base_exists()) {
        struct stat existing {};
        ::fstat(destination.base_fd(), &existing);
        op.attributes_differ = rules_.overwrite != Overwrite::never && comparer_.attributes_differ(top, existing, true);
    }
    if (op.create) ++plan_.dirs_to_create;
    plan_.dirs.push_back(op);
    auto ancestry =
        source.follow() ? std::make_shared<const Ancestry>(Ancestry{top.st_dev, top.st_ino, nullptr}) : nullptr;
    push(DirJob{"", destination.base_exists(), std::move(ancestry)});
}

void Planner::plan_single_entry() {
    const TreeSide& source = *endpoints_.source;
    const TreeSide& destination = *endpoints_.destination;
    const std::string& name = endpoints_.source_name;
    Plan local;
    DirGroup group;
    const std::string top;
    struct stat st {};
    int result = 0;
    if (source.follow()) {
        result = source.stat_followed(name, st);
    } else if (::fstatat(source.base_fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        result = -errno;
    }
    if (result != 0) {
        local.failures.push_back({name, missing_or(-result)});
    } else if (S_ISDIR(st.st_mode)) {
        local.failures.push_back({name, "became a folder after the transfer started"});
    } else {
        EntryContext entry{source.base_fd(), destination.base_exists() ? destination.base_fd() : -1, top, name,
                           endpoints_.destination_name};
        add_entry(local, group, DirJob{"", destination.base_exists(), nullptr}, entry, st);
    }
    UniqueFd folder(rules_.scan_destination ? destination.open_dir("") : -1);
    if (folder) {  // only this task's stale temporary files: a single entry deletes nothing
        std::vector<std::string> none;
        scanner_.scan(local, "", folder.get(), none);
    }
    if (!group.files.empty()) local.groups.push_back(std::move(group));
    merge(std::move(local));
}

Plan Planner::finish() {
    std::lock_guard lock(mutex_);
    std::sort(plan_.dirs.begin(), plan_.dirs.end(),
              [](const DirOp& a, const DirOp& b) { return a.relative < b.relative; });
    return std::move(plan_);
}

void Planner::push(DirJob job) {
    queue_.push([this, job = std::move(job)] { scan(job); });
}

void Planner::scan(const DirJob& job) {
    if (stop_.requested()) return;
    const std::string shown = job.relative.empty() ? "." : job.relative;
    Plan local;
    UniqueFd source(endpoints_.source->open_dir(job.relative));
    if (!source) {
        local.failures.push_back({shown, missing_or(-source.get())});
        return merge(std::move(local));
    }
    UniqueFd destination;
    if (job.destination_exists) {
        int fd = endpoints_.destination->open_dir(job.relative);
        if (fd < 0 && fd != -ENOENT) {
            local.failures.push_back({shown, "destination folder: " + errno_text(-fd)});
            return merge(std::move(local));
        }
        destination.reset(fd);
    }
    DirGroup group{job.relative, job.relative, {}};
    std::vector<std::string> names;
    const bool keep_names = rules_.scan_destination && destination;
    DirReader reader(source.get());
    std::string_view name;
    std::uint64_t scanned = 0;
    while (reader.next(name)) {
        if (TempFile::is_temp_name(name)) continue;
        ++scanned;
        if (keep_names) names.emplace_back(name);
        struct stat st {};
        if (::fstatat(source.get(), name.data(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            ++local.source_files;
            local.failures.push_back({path_of(job.relative, name), missing_or(errno)});
            continue;
        }
        EntryContext entry{source.get(), destination ? destination.get() : -1, job.relative, name, name};
        add_entry(local, group, job, entry, st);
    }
    scanned_.fetch_add(scanned, std::memory_order_relaxed);
    if (reader.error() != 0) local.failures.push_back({shown, "cannot list: " + errno_text(reader.error())});
    if (keep_names) scanner_.scan(local, job.relative, destination.get(), names);
    if (!group.files.empty()) local.groups.push_back(std::move(group));
    merge(std::move(local));
}

void Planner::add_entry(Plan& local, DirGroup& group, const DirJob& job, const EntryContext& entry, struct stat st) {
    if (S_ISLNK(st.st_mode) && endpoints_.source->follow()) {
        const std::string path = path_of(entry.relative_dir, entry.source_name);
        int result = endpoints_.source->stat_followed(path, st);
        if (result != 0) ++local.source_files;
        if (result == -EXDEV) return local.failures.push_back({path, "a symbolic link leads outside the allowed root"});
        if (result == -ENOENT) return local.failures.push_back({path, "dangling symbolic link"});
        if (result == -ELOOP) return local.failures.push_back({path, "symbolic link loop"});
        if (result != 0) return local.failures.push_back({path, errno_text(-result)});
    }
    switch (kind_of(st.st_mode)) {
        case EntryKind::file:
            return add_file(local, group, entry, st);
        case EntryKind::symlink:
            return add_link(local, group, entry, st);
        case EntryKind::directory:
            return add_dir(local, job, entry, st);
        case EntryKind::other:
            ++local.specials_skipped;
            return;
    }
}

void Planner::add_file(Plan& local, DirGroup& group, const EntryContext& entry, const struct stat& st) {
    ++local.source_files;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    struct stat d {};
    const bool exists = entry.destination_dir >= 0 &&
                        ::fstatat(entry.destination_dir, entry.destination_name.data(), &d, AT_SYMLINK_NOFOLLOW) == 0;
    FileAction action = FileAction::create;
    if (exists) {  // the unchanged case returns without building a path or an operation
        if (!S_ISDIR(d.st_mode)) ++local.destination_files;
        if (rules_.overwrite == Overwrite::never) return local.unchanged.add(size);
        if (S_ISDIR(d.st_mode)) {
            if (!clear_conflict(local, entry)) return;
        } else if (rules_.overwrite == Overwrite::if_different && S_ISREG(d.st_mode) && d.st_size == st.st_size &&
                   (rules_.compare_content ? same_content(entry) : EntryComparer::same_mtime(st, d))) {
            local.unchanged.add(size);
            if (!comparer_.attributes_differ(st, d, rules_.compare_content)) return;
            action = FileAction::attributes;
        } else {
            action = FileAction::replace;
        }
    }
    const std::string path = path_of(entry.relative_dir, entry.destination_name);
    if (action == FileAction::attributes) {
        ++local.attribute_updates;
        local.attribute_paths.add(path);
    } else {
        (action == FileAction::replace ? local.replace : local.create).add(size);
        (action == FileAction::replace ? local.replace_paths : local.create_paths).add(path);
    }
    group.files.push_back({std::string(entry.source_name),
                           std::string(entry.destination_name),
                           EntryKind::file,
                           action,
                           EntryAttributes::of(st),
                           {}});
}

void Planner::add_link(Plan& local, DirGroup& group, const EntryContext& entry, const struct stat& st) {
    ++local.source_files;
    const std::string path = path_of(entry.relative_dir, entry.destination_name);
    char target[PATH_MAX];
    ssize_t length = ::readlinkat(entry.source_dir, entry.source_name.data(), target, sizeof target);
    if (length < 0) return local.failures.push_back({path, missing_or(errno)});
    FileOp op{std::string(entry.source_name),
              std::string(entry.destination_name),
              EntryKind::symlink,
              FileAction::create,
              EntryAttributes::of(st),
              std::string(target, static_cast<std::size_t>(length))};
    struct stat d {};
    const bool exists = entry.destination_dir >= 0 &&
                        ::fstatat(entry.destination_dir, entry.destination_name.data(), &d, AT_SYMLINK_NOFOLLOW) == 0;
    if (exists && !S_ISDIR(d.st_mode)) ++local.destination_files;
    if (exists && rules_.overwrite == Overwrite::never) return local.unchanged.add(0);
    if (exists && S_ISDIR(d.st_mode)) {
        if (!clear_conflict(local, entry)) return;
    } else if (exists && S_ISLNK(d.st_mode) && rules_.overwrite == Overwrite::if_different) {
        char current[PATH_MAX];
        ssize_t current_length =
            ::readlinkat(entry.destination_dir, entry.destination_name.data(), current, sizeof current);
        if (current_length == length && std::string_view(current, static_cast<std::size_t>(length)) == op.link_target) {
            return local.unchanged.add(0);
        }
    }
    op.action = exists && !S_ISDIR(d.st_mode) ? FileAction::replace : FileAction::create;
    (op.action == FileAction::replace ? local.replace : local.create).add(0);
    (op.action == FileAction::replace ? local.replace_paths : local.create_paths).add(path);
    group.files.push_back(std::move(op));
}

void Planner::add_dir(Plan& local, const DirJob& job, const EntryContext& entry, const struct stat& st) {
    const std::string path = path_of(entry.relative_dir, entry.source_name);
    for (const Ancestry* above = job.ancestry.get(); above != nullptr; above = above->parent.get()) {
        if (above->dev == st.st_dev && above->ino == st.st_ino) {
            return local.failures.push_back({path, "symbolic link loop: it leads back to a folder above it"});
        }
    }
    struct stat d {};
    const bool exists = entry.destination_dir >= 0 &&
                        ::fstatat(entry.destination_dir, entry.destination_name.data(), &d, AT_SYMLINK_NOFOLLOW) == 0;
    const bool is_dir = exists && S_ISDIR(d.st_mode);
    if (exists && !is_dir) {
        ++local.destination_files;
        if (!rules_.delete_extraneous) {
            return local.failures.push_back({path, "the destination is not a folder but the source is"});
        }
        Deletion conflict{path, kind_of(d.st_mode), 1, S_ISREG(d.st_mode) ? std::uint64_t(d.st_size) : 0, 0};
        local.remove.add(conflict.bytes, 1);
        local.remove_paths.add(path);
        local.conflicts.push_back(std::move(conflict));
    }
    DirOp op{path, EntryAttributes::of(st), !is_dir,
             is_dir && rules_.overwrite != Overwrite::never && comparer_.attributes_differ(st, d, true)};
    if (op.create) {
        ++local.dirs_to_create;
        local.dir_paths.add(path);
    }
    local.dirs.push_back(op);
    std::shared_ptr<const Ancestry> ancestry;
    if (endpoints_.source->follow())
        ancestry = std::make_shared<const Ancestry>(Ancestry{st.st_dev, st.st_ino, job.ancestry});
    push(DirJob{path, is_dir, std::move(ancestry)});
}

bool Planner::clear_conflict(Plan& local, const EntryContext& entry) {
    const std::string path = path_of(entry.relative_dir, entry.destination_name);
    if (!rules_.delete_extraneous) {
        local.failures.push_back({path, "the destination is a folder but the source is not"});
        return false;
    }
    Deletion conflict = count_tree(entry.destination_dir, std::string(entry.destination_name), path);
    local.remove.add(conflict.bytes, conflict.files);
    local.dirs_to_remove += conflict.dirs;
    local.destination_files += conflict.files;
    local.remove_paths.add(path);
    local.conflicts.push_back(std::move(conflict));
    return true;
}

bool Planner::same_content(const EntryContext& entry) const {
    UniqueFd source(
        endpoints_.source->open_entry(entry.source_dir, entry.relative_dir, std::string(entry.source_name), O_RDONLY));
    UniqueFd destination(
        open_beneath(entry.destination_dir, std::string(entry.destination_name), O_RDONLY | O_NOFOLLOW, kNoSymlinks));
    return source && destination &&
           comparer_.same_content(source.get(), destination.get(), [this] { return stop_.requested(); });
}

void Planner::merge(Plan&& local) {
    std::lock_guard lock(mutex_);
    plan_.absorb(std::move(local));
}

}  // namespace dms::fs
