#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace dms::fs {

// Resolution flags for open_beneath (the RESOLVE_* values of <linux/openat2.h>).
inline constexpr std::uint64_t kNoSymlinks = 0x04;  // RESOLVE_NO_SYMLINKS: refuse every symbolic link

// Opens `path` (relative, "." for `dirfd` itself) beneath `dirfd` with openat2(2) and RESOLVE_BENEATH |
// RESOLVE_NO_MAGICLINKS plus `extra`: no "..", absolute path or symbolic link can lead out of `dirfd`,
// whatever was swapped in since the task was submitted.
// @return the new descriptor, or -errno (-EXDEV when the path would escape)
int open_beneath(int dirfd, const std::string& path, int flags, std::uint64_t extra = 0, mode_t mode = 0);

// strerror(err) as a std::string, thread-safe.
std::string errno_text(int err);

// A reason for a user from an errno of opening or reading a path: "vanished" for ENOENT, "leads outside
// the allowed root" for EXDEV, else the system's text.
std::string reason_for(int err);

}  // namespace dms::fs
