#pragma once

#include <utility>

namespace dms::runner {

// Owns one file descriptor and closes it once: the host must never leak a runner's socket or pipe, or
// the runner would not see end-of-file when the host lets go of it.
class UniqueFd {
 public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void reset(int fd = -1);

 private:
    int fd_ = -1;
};

}  // namespace dms::runner
