#include "entry_comparer.hpp"

#include <exception>

namespace dms::fs {

bool EntryComparer::attributes_differ(const struct stat& source, const struct stat& destination,
                                      bool check_mtime) const {
    // Set-id bits are copied only with the owner (see TempFile::apply_attributes), so compare likewise.
    const mode_t mask = owners_ ? 07777 : 01777;
    if ((source.st_mode & mask) != (destination.st_mode & mask)) return true;
    if (owners_ && (source.st_uid != destination.st_uid || source.st_gid != destination.st_gid)) return true;
    return check_mtime && !same_mtime(source, destination);
}

bool EntryComparer::same_content(int source_fd, int destination_fd, const std::function<bool()>& stop) const {
    const FileHasher hasher(hash_);
    try {
        auto a = hasher.hex_of(source_fd, stop);
        auto b = a ? hasher.hex_of(destination_fd, stop) : std::nullopt;
        return a && b && *a == *b;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace dms::fs
