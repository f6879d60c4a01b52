#pragma once

#include <stdexcept>
#include <string>

namespace dms::store {

// A real storage failure (disk full, corrupt file, I/O error), carrying the backend's own message. Never thrown
// for a missing task: the store's return types say that.
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace dms::store
