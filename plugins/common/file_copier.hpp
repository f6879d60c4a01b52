#pragma once

#include <cstdint>

namespace dms::fs {

// What a copy reports as it goes, and how it learns to stop.
class CopyObserver {
 public:
    virtual ~CopyObserver() = default;
    // `bytes` more of the file are done (copied, or skipped as a hole)
    virtual void advanced(std::uint64_t bytes) = 0;
    // a chunk ended at `offset`: a safe point to checkpoint
    virtual void chunk_done(std::uint64_t offset) = 0;
    // polled before each chunk; true ends the copy early
    virtual bool should_stop() = 0;
};

// How a copy ended.
struct CopyOutcome {
    std::uint64_t offset = 0;  // where it stopped; the file's length when complete
    bool complete = false;
};

// Copies one regular file's data in the kernel: copy_file_range in chunks of at most 8 MiB (falling back
// to sendfile, then to read/write, where the file systems refuse it), skipping holes found with
// SEEK_DATA/SEEK_HOLE so sparse files stay sparse.
class FileCopier {
 public:
    static constexpr std::uint64_t kChunk = 8ull << 20;

    // @param source open for reading
    // @param target open for writing, already holding `start` bytes of the copy
    // @param size the source's length when opened
    // @param sparse_aware look for holes (false for files whose blocks cover their length)
    FileCopier(int source, int target, std::uint64_t size, bool sparse_aware)
        : source_(source), target_(target), size_(size), sparse_aware_(sparse_aware) {}

    // Copies from `start` to the end. A source that shrank ends the copy at its new end.
    // @throw std::system_error on an I/O error
    CopyOutcome copy(std::uint64_t start, CopyObserver& observer);

 private:
    enum class Method { copy_file_range, sendfile, read_write };

    // Copies up to `length` bytes at `offset`; @return how many, 0 at the source's end
    std::uint64_t copy_at(std::uint64_t offset, std::uint64_t length);
    std::uint64_t read_write_at(std::uint64_t offset, std::uint64_t length);

    int source_;
    int target_;
    std::uint64_t size_;
    bool sparse_aware_;
    Method method_ = Method::copy_file_range;
};

}  // namespace dms::fs
