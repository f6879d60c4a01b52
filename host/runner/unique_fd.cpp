#include "runner/unique_fd.hpp"

#include <unistd.h>

namespace dms::runner {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
}

void UniqueFd::reset(int fd) {
    // close() is not retried on EINTR: on Linux the descriptor is gone either way.
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

}  // namespace dms::runner
