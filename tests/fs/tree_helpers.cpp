#include "tree_helpers.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace dms::test {
namespace {

std::vector<char> pattern(std::size_t size, std::uint64_t seed) {
    std::vector<char> block(size);
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
    for (std::size_t i = 0; i < size; i += 8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for (std::size_t j = 0; j < 8 && i + j < size; ++j) block[i + j] = static_cast<char>(state >> (8 * j));
    }
    return block;
}

std::uint64_t digest_of(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        XXH3_64bits_update(state, buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    const std::uint64_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return hash;
}

}  // namespace

void write_text(const std::filesystem::path& path, std::string_view content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_pattern(const std::filesystem::path& path, std::uint64_t size, std::uint32_t seed) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    // Every MiB differs, so a resume at a wrong offset cannot go unnoticed.
    for (std::uint64_t done = 0, i = 0; done < size; ++i) {
        const std::size_t piece = static_cast<std::size_t>(std::min<std::uint64_t>(1 << 20, size - done));
        const std::vector<char> block = pattern(piece, std::uint64_t(seed) << 32 | i);
        out.write(block.data(), static_cast<std::streamsize>(piece));
        done += piece;
    }
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

void make_sparse(const std::filesystem::path& path, std::uint64_t size,
                 const std::vector<std::uint64_t>& data_offsets) {
    std::filesystem::create_directories(path.parent_path());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot create " + path.string());
    const std::vector<char> block = pattern(1 << 20, size);
    for (std::uint64_t offset : data_offsets) {
        if (::pwrite(fd, block.data(), block.size(), static_cast<off_t>(offset)) < 0)
            throw std::runtime_error("pwrite");
    }
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) throw std::runtime_error("ftruncate");
    ::close(fd);
}

void set_mtime(const std::filesystem::path& path, std::int64_t seconds, long nanoseconds) {
    const timespec times[2] = {{0, UTIME_OMIT}, {static_cast<time_t>(seconds), nanoseconds}};
    if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
        throw std::runtime_error("cannot set the time of " + path.string());
    }
}

std::uint64_t allocated_bytes(const std::filesystem::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return 0;
    return static_cast<std::uint64_t>(st.st_blocks) * 512;
}

std::map<std::string, ListedEntry> listing(const std::filesystem::path& root, bool with_dirs_mtime) {
    std::map<std::string, ListedEntry> out;
    if (!std::filesystem::exists(std::filesystem::symlink_status(root))) return out;
    for (auto it = std::filesystem::recursive_directory_iterator(root); it != std::filesystem::end(it); ++it) {
        struct stat st {};
        ::lstat(it->path().c_str(), &st);
        ListedEntry entry;
        entry.mode = st.st_mode & 07777;
        entry.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        if (S_ISLNK(st.st_mode)) {
            entry.type = 'l';
            entry.link = std::filesystem::read_symlink(it->path()).string();
            entry.mode = 0;
        } else if (S_ISDIR(st.st_mode)) {
            entry.type = 'd';
            if (!with_dirs_mtime) entry.mtime_ns = 0;
        } else {
            entry.type = 'f';
            entry.size = static_cast<std::uint64_t>(st.st_size);
            entry.digest = digest_of(it->path());
        }
        out[std::filesystem::relative(it->path(), root).string()] = entry;
    }
    return out;
}

std::vector<std::string> temp_files_below(const std::filesystem::path& root) {
    std::vector<std::string> out;
    for (const std::filesystem::path& path : paths_below(root)) {
        const std::string name = path.filename().string();
        if (name.starts_with('.') && name.find(".dms-part-") != std::string::npos) out.push_back(path.string());
    }
    return out;
}

std::vector<std::filesystem::path> paths_below(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> out;
    std::error_code error;  // an entry vanishing under the walk ends it early: a poll looks again
    for (std::filesystem::recursive_directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
        out.push_back(it->path());
    }
    return out;
}

bool poll_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}

std::string describe_difference(const std::map<std::string, ListedEntry>& expected,
                                const std::map<std::string, ListedEntry>& actual) {
    std::ostringstream out;
    auto show = [](const ListedEntry& e) {
        return std::string(1, e.type) + " size " + std::to_string(e.size) + " mode " + std::to_string(e.mode) +
               " mtime " + std::to_string(e.mtime_ns) + (e.link.empty() ? "" : " -> " + e.link);
    };
    for (const auto& [path, entry] : expected) {
        auto found = actual.find(path);
        if (found == actual.end()) {
            out << path << ": missing\n";
        } else if (!(found->second == entry)) {
            out << path << ": expected " << show(entry) << ", got " << show(found->second) << "\n";
        }
    }
    for (const auto& [path, entry] : actual) {
        if (!expected.contains(path)) out << path << ": unexpected " << show(entry) << "\n";
    }
    return out.str();
}

}  // namespace dms::test
