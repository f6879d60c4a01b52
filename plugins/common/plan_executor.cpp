#include "plan_executor.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "beneath.hpp"
#include "file_batch.hpp"
#include "file_copier.hpp"
#include "path_text.hpp"
#include "tree_deleter.hpp"

namespace dms::fs {

void PlanExecutor::prepare(bool remove_conflicts) {
    TreeSide& destination = *context_.endpoints.destination;
    std::size_t removed = 0;
    for (const std::string& stale : plan_.stale_temps) {
        UniqueFd dir(destination.open_dir(std::string(path_parent(stale))));
        const std::string name(path_base_name(stale));
        UniqueFd file(dir ? open_beneath(dir.get(), name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, kNoSymlinks) : -1);
        // Only when no live writer holds it: an earlier attempt the host gave up on may still be running.
        if (file && ::flock(file.get(), LOCK_EX | LOCK_NB) == 0 && ::unlinkat(dir.get(), name.c_str(), 0) == 0) {
            ++removed;
        }
    }
    if (removed > 0) {
        context_.task.info("removed " + std::to_string(removed) + " temporary files left by an earlier attempt");
    }
    if (!destination.base_exists()) {
        if (int result = destination.create_base(); result != 0) {
            throw std::runtime_error("cannot create the destination folder '" + destination.absolute() +
                                     "': " + errno_text(-result));
        }
        if (plan_.tree) context_.report.directory_created();
    }
    if (remove_conflicts) {
        for (const Deletion& conflict : plan_.conflicts) remove_entry(conflict);
    }
    for (const DirOp& dir : plan_.dirs) {
        if (!dir.create || dir.relative.empty() || context_.stop.requested()) continue;
        UniqueFd parent(destination.open_dir(std::string(path_parent(dir.relative))));
        const std::string name(path_base_name(dir.relative));
        // Owner-writable until finish_directories sets the source's mode, so its files can be written.
        if (!parent ||
            (::mkdirat(parent.get(), name.c_str(), (dir.attributes.mode | 0700) & 07777) != 0 && errno != EEXIST)) {
            int err = parent ? errno : -parent.get();
            context_.report.failed(dir.relative, "cannot create folder: " + errno_text(err));
            continue;
        }
        context_.report.directory_created();
        context_.touched.add(std::string(path_parent(dir.relative)));
    }
}

void PlanExecutor::start_copies() {
    for (const DirGroup& group : plan_.groups) {
        std::size_t first = 0;
        std::uint64_t bytes = 0;
        auto flush = [&](std::size_t end) {
            if (end > first) {
                queue_.push([this, &group, first, end] { FileBatch(context_, group, first, end - first).run(); });
            }
            first = end;
            bytes = 0;
        };
        for (std::size_t i = 0; i < group.files.size(); ++i) {
            const std::uint64_t size = group.files[i].attributes.size;
            if (size > FileCopier::kChunk) {  // a large file is a batch of its own
                flush(i);
                flush(i + 1);
                continue;
            }
            if (i - first == FileBatch::kMaxFiles || bytes + size > FileBatch::kMaxBytes) flush(i);
            bytes += size;
        }
        flush(group.files.size());
    }
}

void PlanExecutor::start_deletions() {
    for (const Deletion& deletion : plan_.deletions) {
        queue_.push([this, &deletion] {
            if (!context_.stop.requested()) remove_entry(deletion);
        });
    }
}

void PlanExecutor::remove_entry(const Deletion& deletion) {
    const std::string parent_path(path_parent(deletion.relative));
    UniqueFd parent(context_.endpoints.destination->open_dir(parent_path));
    if (!parent) {
        context_.report.failed(deletion.relative, "cannot delete: " + errno_text(-parent.get()));
        return;
    }
    TreeDeleter deleter(
        [this](const std::string& path, int err) { context_.report.failed(path, "cannot delete: " + errno_text(err)); },
        [this] { return context_.stop.requested(); });
    Deletion done = deleter.remove(parent.get(), std::string(path_base_name(deletion.relative)), deletion.relative);
    context_.report.deleted(done.files, done.bytes, done.dirs);
    context_.touched.add(parent_path);
}

void PlanExecutor::make_durable() {
    const TreeSide& destination = *context_.endpoints.destination;
    if (!context_.request.fsync || !destination.base_exists() || !context_.touched.any()) return;
    if (::syncfs(destination.base_fd()) != 0) {
        context_.task.warn("cannot sync the destination's file system: " + errno_text(errno));
    }
}

void PlanExecutor::finish_directories() {
    const TreeSide& destination = *context_.endpoints.destination;
    if (!destination.base_exists()) return;
    const mode_t mask = context_.owners ? 07777 : 01777;
    for (auto it = plan_.dirs.rbegin(); it != plan_.dirs.rend(); ++it) {
        const DirOp& dir = *it;
        if (!dir.create && !dir.attributes_differ && !context_.touched.contains(dir.relative)) continue;
        UniqueFd fd(destination.open_dir(dir.relative));
        if (fd.get() == -ENOENT) continue;  // not created: the transfer stopped first, or creating it failed
        const timespec times[2] = {{0, UTIME_OMIT}, dir.attributes.mtime};
        bool ok = fd && (!context_.owners || ::fchown(fd.get(), dir.attributes.uid, dir.attributes.gid) == 0) &&
                  ::fchmod(fd.get(), dir.attributes.mode & mask) == 0 && ::futimens(fd.get(), times) == 0;
        if (!ok) {
            context_.task.warn("cannot set the mode and time of folder " + (dir.relative.empty() ? "." : dir.relative) +
                               ": " + errno_text(fd ? errno : -fd.get()));
        }
    }
}

}  // namespace dms::fs
