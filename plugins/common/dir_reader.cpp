#include "dir_reader.hpp"

#include <dirent.h>

#include <cerrno>
#include <cstring>

namespace dms::fs {

DirReader::DirReader(int fd) : fd_(fd), buffer_(new char[kBuffer]) {}

bool DirReader::next(std::string_view& name) {
    for (;;) {
        if (offset_ >= used_) {
            ssize_t got = ::getdents64(fd_, buffer_.get(), kBuffer);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                error_ = got < 0 ? errno : 0;
                return false;
            }
            used_ = static_cast<std::size_t>(got);
            offset_ = 0;
        }
        dirent64 entry;
        const char* record = buffer_.get() + offset_;
        std::memcpy(&entry, record, offsetof(dirent64, d_name));
        offset_ += entry.d_reclen;
        name = std::string_view(record + offsetof(dirent64, d_name));
        if (name == "." || name == "..") continue;
        return true;
    }
}

}  // namespace dms::fs
