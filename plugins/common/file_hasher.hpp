#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dms::fs {

// A content hash a transfer can verify or compare with: none, xxh3 (64-bit, fast) or sha256.
enum class HashKind { none, xxh3, sha256 };

std::string_view hash_name(HashKind kind);
std::optional<HashKind> parse_hash(std::string_view name);

// Hashes whole files through pread, so the descriptor's offset is left alone and a file being written
// elsewhere by offset is read consistently from byte 0.
class FileHasher {
 public:
    explicit FileHasher(HashKind kind) : kind_(kind) {}

    // @param fd a readable descriptor
    // @param stop polled between 8 MiB pieces; when it returns true hashing gives up
    // @return the hash as lowercase hex, or nothing when stopped
    // @throw std::system_error on a read error
    std::optional<std::string> hex_of(int fd, const std::function<bool()>& stop = {}) const;

 private:
    HashKind kind_;
};

}  // namespace dms::fs
