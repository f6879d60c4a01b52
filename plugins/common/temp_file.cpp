#include "temp_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace dms::fs {
namespace {

constexpr std::string_view kMarker = ".dms-part-";
constexpr std::size_t kPrefix = 8;
constexpr std::size_t kMaxFinalPart = 200;  // keeps the temporary name under NAME_MAX (255)

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

std::string TempFile::suffix_for(std::string_view task_id) {
    return std::string(kMarker) + std::string(task_id.substr(0, kPrefix));
}

std::string TempFile::name_for(std::string_view final_name, std::string_view suffix) {
    return "." + std::string(final_name.substr(0, kMaxFinalPart)) + std::string(suffix);
}

bool TempFile::is_temp_name(std::string_view name) {
    if (name.size() < 1 + kMarker.size() + 1 || name.front() != '.') return false;
    std::size_t marker = name.rfind(kMarker);
    if (marker == std::string_view::npos || marker == 0) return false;
    std::size_t id = name.size() - marker - kMarker.size();
    return id >= 1 && id <= kPrefix;
}

TempFile::TempFile(int dir_fd, std::string temp_name, std::string final_name, std::uint64_t resume_from)
    : dir_fd_(dir_fd), temp_name_(std::move(temp_name)), final_name_(std::move(final_name)) {
    // No O_TRUNC: a live writer's file must not be cut before the lock says it is stale.
    fd_.reset(::openat(dir_fd_, temp_name_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd_) fail("create temporary file");
    if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
        int err = errno == EWOULDBLOCK ? EBUSY : errno;
        fd_.reset();
        done_ = true;  // someone else's: never remove it
        throw std::system_error(err, std::generic_category(), "temporary file is being written by another task");
    }
    struct stat st {};
    if (::fstat(fd_.get(), &st) != 0) fail("stat temporary file");
    if (!S_ISREG(st.st_mode)) {
        errno = EEXIST;
        fail("temporary name taken by something else");
    }
    resumed_from_ = resume_from > 0 && static_cast<std::uint64_t>(st.st_size) >= resume_from ? resume_from : 0;
    if (static_cast<std::uint64_t>(st.st_size) != resumed_from_ &&
        ::ftruncate(fd_.get(), static_cast<off_t>(resumed_from_)) != 0) {
        fail("truncate temporary file");
    }
}

TempFile::~TempFile() {
    if (!done_) discard();
}

void TempFile::apply_attributes(const EntryAttributes& attributes, bool owners) {
    if (owners && ::fchown(fd_.get(), attributes.uid, attributes.gid) != 0) fail("chown");
    // Set-id bits survive only with the owner they were meant for.
    mode_t keep = owners ? 07777 : 01777;
    if (::fchmod(fd_.get(), attributes.mode & keep) != 0) fail("chmod");
    const timespec times[2] = {{0, UTIME_OMIT}, attributes.mtime};
    if (::futimens(fd_.get(), times) != 0) fail("set modification time");
}

void TempFile::sync() {
    if (::fdatasync(fd_.get()) != 0) fail("fdatasync");
}

void TempFile::commit() {
    if (::renameat(dir_fd_, temp_name_.c_str(), dir_fd_, final_name_.c_str()) != 0) fail("rename into place");
    done_ = true;
    fd_.reset();
}

void TempFile::discard() noexcept {
    if (done_) return;
    ::unlinkat(dir_fd_, temp_name_.c_str(), 0);
    done_ = true;
    fd_.reset();
}

int write_symlink(int dir_fd, const std::string& temp_name, const std::string& final_name, const FileOp& op,
                  bool owners) {
    if (::symlinkat(op.link_target.c_str(), dir_fd, temp_name.c_str()) != 0) {
        if (errno != EEXIST) return -errno;
        ::unlinkat(dir_fd, temp_name.c_str(), 0);
        if (::symlinkat(op.link_target.c_str(), dir_fd, temp_name.c_str()) != 0) return -errno;
    }
    if (owners) ::fchownat(dir_fd, temp_name.c_str(), op.attributes.uid, op.attributes.gid, AT_SYMLINK_NOFOLLOW);
    const timespec times[2] = {{0, UTIME_OMIT}, op.attributes.mtime};
    ::utimensat(dir_fd, temp_name.c_str(), times, AT_SYMLINK_NOFOLLOW);
    if (::renameat(dir_fd, temp_name.c_str(), dir_fd, final_name.c_str()) != 0) {
        int err = errno;
        ::unlinkat(dir_fd, temp_name.c_str(), 0);
        return -err;
    }
    return 0;
}

int set_attributes_at(int dir_fd, const std::string& name, const EntryAttributes& attributes, bool owners) {
    // O_NOFOLLOW: a symbolic link swapped in is refused, never followed; fchmod needs a real descriptor.
    UniqueFd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) return -errno;
    mode_t keep = owners ? 07777 : 01777;
    if (owners && ::fchown(fd.get(), attributes.uid, attributes.gid) != 0) return -errno;
    if (::fchmod(fd.get(), attributes.mode & keep) != 0) return -errno;
    const timespec times[2] = {{0, UTIME_OMIT}, attributes.mtime};
    if (::futimens(fd.get(), times) != 0) return -errno;
    return 0;
}

}  // namespace dms::fs
