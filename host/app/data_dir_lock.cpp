#include "app/data_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace dms::app {

DataDirLock::DataDirLock(const std::filesystem::path& data_dir) {
    auto path = data_dir / "dms.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        throw std::runtime_error("another dms-host is using the data directory " + data_dir.string());
    }
}

DataDirLock::~DataDirLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace dms::app
