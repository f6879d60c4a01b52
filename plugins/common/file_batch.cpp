#include "file_batch.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "beneath.hpp"
#include "file_copier.hpp"
#include "file_hasher.hpp"
#include "path_text.hpp"

namespace dms::fs {
namespace {

// Progress, stop and checkpoints for one file being copied.
class FileObserver : public CopyObserver {
 public:
    FileObserver(CopyContext& context, ResumeCursor& cursor, int temp_fd)
        : context_(context), cursor_(cursor), temp_fd_(temp_fd) {}
    void advanced(std::uint64_t bytes) override { context_.progress.add_bytes(bytes); }
    void chunk_done(std::uint64_t offset) override {
        cursor_.offset = offset;
        if (cursor_.source_size > FileCopier::kChunk) context_.checkpointer.chunk_done(cursor_, temp_fd_);
    }
    bool should_stop() override { return context_.stop.requested(); }

 private:
    CopyContext& context_;
    ResumeCursor& cursor_;
    int temp_fd_;
};

// Why a source entry could not be opened, as the result's failure reason.
std::string open_failure(int err) {
    if (err == ENOENT) return "vanished";
    if (err == ELOOP) return "turned into a symbolic link";
    return reason_for(err);
}

}  // namespace

std::string FileBatch::path_of(const FileOp& op) const { return join_path(group_.source_dir, op.source_name); }

void FileBatch::run() {
    const TreeSide& source = *context_.endpoints.source;
    const TreeSide& destination = *context_.endpoints.destination;
    UniqueFd source_dir(source.open_dir(group_.source_dir));
    if (!source_dir) return fail_rest(first_, "source folder " + open_failure(-source_dir.get()));
    UniqueFd destination_dir(destination.open_dir(group_.destination_dir));
    if (!destination_dir) return fail_rest(first_, "destination folder: " + reason_for(-destination_dir.get()));
    for (std::size_t i = first_; i < first_ + count_; ++i) {
        if (context_.stop.requested()) break;
        const FileOp& op = group_.files[i];
        if (op.action == FileAction::attributes) {
            set_attributes(op, destination_dir.get());
        } else if (op.kind == EntryKind::symlink) {
            copy_link(op, destination_dir.get());
        } else {
            copy_file(op, source_dir.get(), destination_dir.get());
        }
    }
    commit(destination_dir.get());
}

void FileBatch::fail_rest(std::size_t from, const std::string& reason) {
    for (std::size_t i = from; i < first_ + count_; ++i) {
        const FileOp& op = group_.files[i];
        if (op.action == FileAction::attributes) continue;
        context_.report.failed(path_of(op), reason, op.attributes.size);
        context_.progress.add_bytes(op.attributes.size);
    }
}

void FileBatch::set_attributes(const FileOp& op, int destination_dir) {
    int result = op.kind == EntryKind::file
                     ? set_attributes_at(destination_dir, op.destination_name, op.attributes, context_.owners)
                     : 0;
    if (result == 0) {
        context_.report.attributes_updated();
    } else {
        context_.report.failed(path_of(op), "cannot set mode and time: " + errno_text(-result));
    }
}

void FileBatch::copy_link(const FileOp& op, int destination_dir) {
    const std::string temp = TempFile::name_for(op.destination_name, context_.temp_suffix);
    int result = write_symlink(destination_dir, temp, op.destination_name, op, context_.owners);
    if (result != 0) {
        context_.report.failed(path_of(op), result == -EISDIR ? "the destination is a folder" : errno_text(-result));
        return;
    }
    context_.report.copied(0, true);
    context_.progress.add_file();
    context_.touched.add(group_.destination_dir);
}

void FileBatch::copy_file(const FileOp& op, int source_dir, int destination_dir) {
    const std::string path = path_of(op);
    UniqueFd in(context_.endpoints.source->open_entry(source_dir, group_.source_dir, op.source_name,
                                                      O_RDONLY | O_NOCTTY | O_NONBLOCK));
    struct stat st {};
    std::string problem;
    if (!in) {
        problem = open_failure(-in.get());
    } else if (::fstat(in.get(), &st) != 0) {
        problem = errno_text(errno);
    } else if (!S_ISREG(st.st_mode)) {
        problem = "is no longer a regular file";
    }
    if (!problem.empty()) {
        context_.report.failed(path, problem, op.attributes.size);
        context_.progress.add_bytes(op.attributes.size);
        return;
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const EntryAttributes attributes = EntryAttributes::of(st);
    const std::string temp_name = TempFile::name_for(op.destination_name, context_.temp_suffix);
    ResumeCursor cursor{"copy", path, join_path(group_.destination_dir, temp_name), 0, size, attributes.mtime_ns()};
    const auto& resume = context_.resume;
    const bool resumable = resume && resume->file == cursor.file && resume->temp == cursor.temp &&
                           resume->source_size == size && resume->source_mtime_ns == cursor.source_mtime_ns &&
                           resume->offset <= size;
    std::unique_ptr<TempFile> temp;
    try {
        temp =
            std::make_unique<TempFile>(destination_dir, temp_name, op.destination_name, resumable ? resume->offset : 0);
    } catch (const std::system_error& error) {
        context_.report.failed(path, error.code().value() == EBUSY ? "being written by another task" : error.what(),
                               size);
        context_.progress.add_bytes(op.attributes.size);
        return;
    }
    if (temp->resumed_from() > 0) {
        context_.report.resumed(path, temp->resumed_from());
        context_.task.info("resuming " + path + " at byte " + std::to_string(temp->resumed_from()) + " of " +
                           std::to_string(size));
        context_.progress.add_bytes(temp->resumed_from());
    }
    FileObserver observer(context_, cursor, temp->fd());
    FileCopier copier(in.get(), temp->fd(), size, static_cast<std::uint64_t>(st.st_blocks) * 512 < size);
    CopyOutcome outcome;
    try {
        outcome = copier.copy(temp->resumed_from(), observer);
        if (outcome.complete) temp->apply_attributes(attributes, context_.owners);
    } catch (const std::system_error& error) {
        context_.report.failed(path, error.what(), size);
        return;
    }
    if (!outcome.complete) {  // stopped: a cancel keeps one large file as the resume point
        cursor.offset = outcome.offset;
        if (context_.stop.cancelled() && context_.checkpointer.claim_resume_point(cursor, temp->fd())) {
            temp->keep();
            context_.report.temp_kept(cursor.temp, outcome.offset);
        } else {
            temp->discard();
            context_.report.temp_removed(cursor.temp);
        }
        return;
    }
    if (context_.request.verify != HashKind::none && !verify(path, in.get(), *temp)) {
        if (context_.stop.requested()) context_.report.temp_removed(cursor.temp);
        return;  // the temporary file goes with `temp`
    }
    const std::uint64_t written = outcome.offset - std::min(outcome.offset, temp->resumed_from());
    pending_.push_back({std::move(temp), path, written});
}

bool FileBatch::verify(const std::string& path, int source_fd, const TempFile& temp) {
    const FileHasher hasher(context_.request.verify);
    auto stop = [this] { return context_.stop.requested(); };
    try {
        auto source = hasher.hex_of(source_fd, stop);
        auto copy = source ? hasher.hex_of(temp.fd(), stop) : std::nullopt;
        if (!source || !copy) return false;  // stopped: the temporary file goes
        context_.report.verified(path, *source, *copy);
        if (*source == *copy) return true;
        context_.report.failed(path, std::string("checksum mismatch after copy (") +
                                         std::string(hash_name(context_.request.verify)) + " source " + *source +
                                         ", copy " + *copy + ")");
    } catch (const std::system_error& error) {
        context_.report.failed(path, std::string("cannot verify: ") + error.what());
    }
    return false;
}

void FileBatch::commit(int destination_dir) {
    // One syncfs for a batch costs about what one fdatasync does, and batches finishing together share one
    // (group commit): small files pay a fraction each, even one changed file per folder. A large file (its
    // own batch, mostly synced by its checkpoints) syncs alone. The data is on disk before any rename; the
    // renames become durable with the transfer's final sync.
    const bool one_large = pending_.size() == 1 && pending_.front().bytes > FileCopier::kChunk;
    bool synced_all = false;
    if (context_.request.fsync && !pending_.empty() && !one_large) {
        synced_all = context_.group_sync.sync(destination_dir) == 0;
    }
    bool renamed = false;
    for (Pending& pending : pending_) {
        try {
            if (context_.request.fsync && !synced_all) pending.temp->sync();
            pending.temp->commit();
        } catch (const std::system_error& error) {
            context_.report.failed(pending.path,
                                   error.code().value() == EISDIR ? "the destination is a folder" : error.what(),
                                   pending.bytes);
            continue;
        }
        renamed = true;
        context_.report.copied(pending.bytes, false);
        context_.progress.add_file();
    }
    pending_.clear();
    if (renamed) context_.touched.add(group_.destination_dir);
}

}  // namespace dms::fs
