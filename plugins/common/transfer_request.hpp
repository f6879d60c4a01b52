#pragma once

#include <cstdint>
#include <string>

#include "delete_limit.hpp"
#include "file_hasher.hpp"

namespace dms::fs {

// When a destination file that already exists is replaced.
enum class Overwrite { never, if_different, always };

// Everything a copy or sync task asked for, parsed and checked: what the shared transfer engine runs.
struct TransferRequest {
    std::string plugin;       // "copy" or "sync": names the task in logs
    std::string source;       // as the user gave it
    std::string destination;  // as the user gave it
    Overwrite overwrite = Overwrite::if_different;
    bool compare_content = false;            // same size: compare hashes instead of modification times
    HashKind compare_hash = HashKind::xxh3;  // the hash for compare_content
    HashKind verify = HashKind::none;        // hash each written copy against its source before renaming it
    bool follow_symlinks = false;
    bool fail_fast = false;
    bool fsync = true;  // durable writes; also what offset resume relies on
    unsigned parallel = 8;
    bool mirror = false;             // sync: a source-inside-destination overlap is refused too
    bool delete_extraneous = false;  // sync delete=true
    bool dry_run = false;
    bool force_delete = false;
    DeleteLimit max_delete;
};

}  // namespace dms::fs
