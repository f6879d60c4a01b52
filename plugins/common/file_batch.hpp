#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "copy_context.hpp"
#include "plan.hpp"
#include "temp_file.hpp"
#include "unique_fd.hpp"

namespace dms::fs {

// A few files of one folder, written by one worker: each into its temporary file, then all synced (one
// syncfs, shared with the batches finishing at the same time), then renamed into place, so a crash never
// leaves half a file under a final name and small files do not pay one sync each.
class FileBatch {
 public:
    static constexpr std::size_t kMaxFiles = 32;
    static constexpr std::uint64_t kMaxBytes = 64ull << 20;

    // @param group the folder's operations; [first, first + count) are this batch's
    FileBatch(CopyContext& context, const DirGroup& group, std::size_t first, std::size_t count)
        : context_(context), group_(group), first_(first), count_(count) {}

    void run();

 private:
    // A whole, verified temporary file waiting for its rename.
    struct Pending {
        std::unique_ptr<TempFile> temp;
        std::string path;
        std::uint64_t bytes;
    };

    void copy_file(const FileOp& op, int source_dir, int destination_dir);
    void copy_link(const FileOp& op, int destination_dir);
    void set_attributes(const FileOp& op, int destination_dir);
    bool verify(const std::string& path, int source_fd, const TempFile& temp);
    void commit(int destination_dir);
    void fail_rest(std::size_t from, const std::string& reason);
    std::string path_of(const FileOp& op) const;

    CopyContext& context_;
    const DirGroup& group_;
    std::size_t first_;
    std::size_t count_;
    std::vector<Pending> pending_;
};

}  // namespace dms::fs
