#pragma once

#include <sys/stat.h>

#include <memory>
#include <string>

#include "allowed_roots.hpp"
#include "transfer_request.hpp"
#include "tree_side.hpp"

namespace dms::fs {

// A transfer's two ends, resolved beneath their roots at run time.
struct Endpoints {
    std::unique_ptr<TreeSide> source;
    std::unique_ptr<TreeSide> destination;
    bool tree = false;             // the source is a folder: its contents go into the destination folder
    std::string source_name;       // one entry: its name in the source base
    std::string destination_name;  // one entry: its name in the destination base
    struct stat source_stat {};
};

// Turns a request's paths into Endpoints and refuses transfers that would escape a root or run into
// themselves. A folder source mirrors its contents into the destination folder (created when missing);
// a file or link goes to the destination path, or into it under its own name when the destination is
// an existing folder or ends with '/'.
class EndpointResolver {
 public:
    EndpointResolver(const AllowedRoots& roots, const TransferRequest& request) : roots_(roots), request_(request) {}

    // The submit-time checks: no "..", inside the roots, no symbolic link leading out of them, and no
    // lexical overlap (a destination inside the source; for sync, also the source inside the destination).
    // @throw dms::sdk::InvalidParameters
    void check_at_submit() const;

    // The run-time resolution with open_beneath, and the overlap check by device and inode.
    // @throw std::runtime_error with a message for the user; SourceMissing when the source is gone
    Endpoints resolve() const;

 private:
    void check_overlap(const Endpoints& endpoints) const;

    const AllowedRoots& roots_;
    const TransferRequest& request_;
};

// The source does not exist: sync reports it as such, never as "nothing to mirror".
class SourceMissing : public std::runtime_error {
 public:
    using std::runtime_error::runtime_error;
};

}  // namespace dms::fs
