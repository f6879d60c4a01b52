#pragma once

#include <filesystem>

namespace dms::app {

// Holds an exclusive lock on `<data_dir>/dms.lock` for the life of the object, so that two hosts never
// open the same embedded store. Throws std::runtime_error when another process holds it.
class DataDirLock {
public:
    explicit DataDirLock(const std::filesystem::path& data_dir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace dms::app
