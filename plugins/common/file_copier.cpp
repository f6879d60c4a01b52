#include "file_copier.hpp"

#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>

namespace dms::fs {
namespace {

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

// Errors that mean "this pair of files cannot use this method", not "the copy failed".
bool unsupported(int err) { return err == EXDEV || err == EINVAL || err == ENOSYS || err == EOPNOTSUPP; }

}  // namespace

CopyOutcome FileCopier::copy(std::uint64_t start, CopyObserver& observer) {
    std::uint64_t offset = start;
    bool trailing_hole = false;
    while (offset < size_) {
        if (observer.should_stop()) return {offset, false};
        std::uint64_t data = offset;
        std::uint64_t hole = size_;
        if (sparse_aware_) {
            off_t found = ::lseek(source_, static_cast<off_t>(offset), SEEK_DATA);
            if (found < 0 && errno == ENXIO) {  // only a hole from here to the end
                observer.advanced(size_ - offset);
                offset = size_;
                trailing_hole = true;
                break;
            }
            if (found >= 0) {
                data = static_cast<std::uint64_t>(found);
                off_t end = ::lseek(source_, found, SEEK_HOLE);
                hole = end >= 0 ? std::min<std::uint64_t>(static_cast<std::uint64_t>(end), size_) : size_;
            }
            if (data > offset) observer.advanced(data - offset);
            offset = data;
        }
        while (offset < hole) {
            if (observer.should_stop()) return {offset, false};
            std::uint64_t done = copy_at(offset, std::min(kChunk, hole - offset));
            if (done == 0) {  // the source shrank while we copied
                size_ = offset;
                break;
            }
            offset += done;
            observer.advanced(done);
            observer.chunk_done(offset);
        }
    }
    // Extends the copy over a trailing hole (the target holds exactly the bytes written otherwise).
    if (trailing_hole && ::ftruncate(target_, static_cast<off_t>(size_)) != 0) {
        fail("truncate copy");
    }
    return {size_, true};
}

std::uint64_t FileCopier::copy_at(std::uint64_t offset, std::uint64_t length) {
    for (;;) {
        if (method_ == Method::copy_file_range) {
            loff_t in = static_cast<loff_t>(offset);
            loff_t out = static_cast<loff_t>(offset);
            ssize_t done = ::copy_file_range(source_, &in, target_, &out, length, 0);
            if (done >= 0) return static_cast<std::uint64_t>(done);
            if (errno == EINTR) continue;
            if (!unsupported(errno)) fail("copy_file_range");
            method_ = Method::sendfile;
        }
        if (method_ == Method::sendfile) {
            off_t in = static_cast<off_t>(offset);
            if (::lseek(target_, static_cast<off_t>(offset), SEEK_SET) < 0) fail("seek copy");
            ssize_t done = ::sendfile(target_, source_, &in, length);
            if (done >= 0) return static_cast<std::uint64_t>(done);
            if (errno == EINTR) continue;
            if (!unsupported(errno)) fail("sendfile");
            method_ = Method::read_write;
        }
        return read_write_at(offset, length);
    }
}

std::uint64_t FileCopier::read_write_at(std::uint64_t offset, std::uint64_t length) {
    constexpr std::size_t kBuffer = 1 << 20;
    thread_local std::unique_ptr<char[]> buffer(new char[kBuffer]);
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, kBuffer));
    ssize_t got;
    do {
        got = ::pread(source_, buffer.get(), want, static_cast<off_t>(offset));
    } while (got < 0 && errno == EINTR);
    if (got < 0) fail("read");
    std::size_t written = 0;
    while (written < static_cast<std::size_t>(got)) {
        ssize_t put = ::pwrite(target_, buffer.get() + written, static_cast<std::size_t>(got) - written,
                               static_cast<off_t>(offset + written));
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) fail("write");
        written += static_cast<std::size_t>(put);
    }
    return static_cast<std::uint64_t>(got);
}

}  // namespace dms::fs
