#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dms::test {

// Writes `content` to `path`, creating its parent folders.
void write_text(const std::filesystem::path& path, std::string_view content);

// The whole content of `path` (empty when missing).
std::string read_text(const std::filesystem::path& path);

// Writes `size` bytes of a pattern that depends on `seed` (no holes), 1 MiB at a time.
void write_pattern(const std::filesystem::path& path, std::uint64_t size, std::uint32_t seed);

// Makes a sparse file of `size` bytes whose only data is 1 MiB of pattern at each of `data_offsets`.
void make_sparse(const std::filesystem::path& path, std::uint64_t size, const std::vector<std::uint64_t>& data_offsets);

// Sets the modification time of `path` itself (a symbolic link is not followed).
void set_mtime(const std::filesystem::path& path, std::int64_t seconds, long nanoseconds = 0);

// Bytes the file system allocated for `path` (st_blocks * 512).
std::uint64_t allocated_bytes(const std::filesystem::path& path);

// One entry of a listing: what a copy must reproduce.
struct ListedEntry {
    char type = '?';  // f file, d folder, l link
    std::uint64_t size = 0;
    unsigned mode = 0;
    std::int64_t mtime_ns = 0;
    std::string link;          // a link's target
    std::uint64_t digest = 0;  // a file's content hash
    bool operator==(const ListedEntry&) const = default;
};

// Every entry below `root` by relative path, not following links; with `with_dirs_mtime` false folder
// times are left out (they are compared only where the test says).
std::map<std::string, ListedEntry> listing(const std::filesystem::path& root, bool with_dirs_mtime = true);

// Every path below `root`; while a transfer runs, possibly only some of them (never an exception).
std::vector<std::filesystem::path> paths_below(const std::filesystem::path& root);

// Paths below `root` that look like a transfer's temporary files (".*.dms-part-*"); safe while a
// transfer runs.
std::vector<std::string> temp_files_below(const std::filesystem::path& root);

// Polls `predicate` every 200 µs until it holds or `timeout` passes; returns whether it held.
bool poll_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout);

// "a: b" for every entry that differs between two listings, for assertion messages.
std::string describe_difference(const std::map<std::string, ListedEntry>& expected,
                                const std::map<std::string, ListedEntry>& actual);

}  // namespace dms::test
