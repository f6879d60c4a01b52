#include "beneath.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

static_assert(dms::fs::kNoSymlinks == RESOLVE_NO_SYMLINKS);

namespace dms::fs {

int open_beneath(int dirfd, const std::string& path, int flags, std::uint64_t extra, mode_t mode) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) != 0 ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | extra;
    const char* text = path.empty() ? "." : path.c_str();
    // EAGAIN: a concurrent rename or mount raced the lookup; the kernel asks for a retry.
    for (int tries = 0; tries < 16; ++tries) {
        long fd = ::syscall(SYS_openat2, dirfd, text, &how, sizeof how);
        if (fd >= 0) return static_cast<int>(fd);
        if (errno != EAGAIN && errno != EINTR) return -errno;
    }
    return -EAGAIN;
}

std::string errno_text(int err) {
    char buffer[256];
    return ::strerror_r(err, buffer, sizeof buffer);  // the GNU variant returns the text
}

std::string reason_for(int err) {
    if (err == ENOENT) return "vanished";
    if (err == EXDEV) return "a symbolic link leads outside the allowed root";
    if (err == ELOOP) return "is a symbolic link where none is allowed";
    return errno_text(err);
}

}  // namespace dms::fs
