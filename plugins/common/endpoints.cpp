#include "endpoints.hpp"

#include <fcntl.h>

#include <cerrno>
#include <stdexcept>

#include <dms/sdk.hpp>

#include "beneath.hpp"
#include "path_text.hpp"

namespace dms::fs {
namespace {

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

// The root every open of this side starts from, as an O_PATH descriptor.
UniqueFd open_root(const AllowedRoot& root) {
    UniqueFd fd(::open(root.real.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!fd)
        throw std::runtime_error("allowed root " + in_quotes(root.real) + " cannot be opened: " + errno_text(errno));
    return fd;
}

// The message for a path that open_beneath refused.
[[noreturn]] void refuse(std::string_view what, const Location& location, const AllowedRoot& root, int err) {
    const std::string name = std::string(what) + " " + in_quotes(location.absolute);
    if (err == EXDEV) {
        throw std::runtime_error(name + " resolves outside its allowed root " + in_quotes(root.real) +
                                 " (a symbolic link leads out); refused");
    }
    if (err == ENOENT && what == "source")
        throw SourceMissing("source " + in_quotes(location.absolute) + " does not exist");
    throw std::runtime_error(name + " cannot be opened: " + errno_text(err));
}

struct DevIno {
    dev_t dev;
    ino_t ino;
    bool operator==(const DevIno&) const = default;
};

// Which file `fd` is, as device and inode: what the overlap checks compare.
DevIno identity(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw std::runtime_error("stat: " + errno_text(errno));
    return {st.st_dev, st.st_ino};
}

// True when `inner` is `outer` or lies below it: walks from `inner` up through ".." to "/".
bool lies_within(int inner, DevIno outer) {
    static const DevIno top = [] {
        UniqueFd fd(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
        return identity(fd.get());
    }();
    UniqueFd current(::fcntl(inner, F_DUPFD_CLOEXEC, 0));
    for (int depth = 0; current && depth < 4096; ++depth) {
        DevIno here = identity(current.get());
        if (here == outer) return true;
        if (here == top) return false;
        current.reset(::openat(current.get(), "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
    }
    return false;
}

}  // namespace

void EndpointResolver::check_at_submit() const {
    const Location source = roots_.locate("source", request_.source);
    const Location destination = roots_.locate("destination", request_.destination);
    roots_.check_resolves_inside("source", source);
    roots_.check_resolves_inside("destination", destination);
    if (source.absolute == destination.absolute) {
        throw sdk::InvalidParameters("source and destination are the same path " + in_quotes(source.absolute));
    }
    if (path_within(destination.absolute, source.absolute)) {
        throw sdk::InvalidParameters("destination " + in_quotes(destination.absolute) + " lies inside the source " +
                                     in_quotes(source.absolute) + ": a folder cannot be copied into itself");
    }
    if (request_.mirror && path_within(source.absolute, destination.absolute)) {
        throw sdk::InvalidParameters("source " + in_quotes(source.absolute) + " lies inside the destination " +
                                     in_quotes(destination.absolute) + ": a mirror would delete its own source");
    }
}

Endpoints EndpointResolver::resolve() const {
    const Location source = roots_.locate("source", request_.source);
    const Location destination = roots_.locate("destination", request_.destination);
    const AllowedRoot& source_root = roots_.roots()[source.root];
    const AllowedRoot& destination_root = roots_.roots()[destination.root];
    Endpoints out;

    UniqueFd root = open_root(source_root);
    UniqueFd entry(open_beneath(root.get(), source.relative, O_PATH | (request_.follow_symlinks ? 0 : O_NOFOLLOW)));
    if (!entry) refuse("source", source, source_root, -entry.get());
    if (::fstat(entry.get(), &out.source_stat) != 0) throw std::runtime_error("stat source: " + errno_text(errno));
    const mode_t mode = out.source_stat.st_mode;
    if (!S_ISDIR(mode) && !S_ISREG(mode) && !S_ISLNK(mode)) {
        throw std::runtime_error("source " + in_quotes(source.absolute) + " is not a file, folder or symbolic link");
    }
    if (S_ISLNK(mode)) {  // copied as a link, but like at submit, never one that leads out of the root
        UniqueFd target(open_beneath(root.get(), source.relative, O_PATH));
        if (target.get() == -EXDEV) refuse("source", source, source_root, EXDEV);
    }
    out.tree = S_ISDIR(mode);
    const std::string source_base = out.tree ? source.relative : std::string(path_parent(source.relative));
    out.source_name = out.tree ? "" : std::string(path_base_name(source.relative));
    UniqueFd source_base_fd(out.tree ? open_beneath(entry.get(), ".", O_RDONLY | O_DIRECTORY)
                                     : open_beneath(root.get(), source_base, O_RDONLY | O_DIRECTORY));
    if (!source_base_fd) refuse("source", source, source_root, -source_base_fd.get());
    out.source = std::make_unique<TreeSide>(std::move(root), source_root.real, source_base, request_.follow_symlinks);
    out.source->set_base(std::move(source_base_fd));

    UniqueFd droot = open_root(destination_root);
    UniqueFd target(open_beneath(droot.get(), destination.relative, O_PATH));
    if (!target && target.get() != -ENOENT) refuse("destination", destination, destination_root, -target.get());
    struct stat st {};
    const bool exists = target && ::fstat(target.get(), &st) == 0;
    const bool is_dir = exists && S_ISDIR(st.st_mode);
    std::string destination_base = destination.relative;
    if (out.tree && exists && !is_dir) {
        throw std::runtime_error("destination " + in_quotes(destination.absolute) +
                                 " exists and is not a folder, but the source is a folder");
    }
    if (!out.tree) {
        if (is_dir || (!exists && destination.trailing_slash)) {
            out.destination_name = out.source_name;
        } else {
            destination_base = std::string(path_parent(destination.relative));
            out.destination_name = std::string(path_base_name(destination.relative));
        }
    }
    out.destination = std::make_unique<TreeSide>(std::move(droot), destination_root.real, destination_base, false);
    int base = open_beneath(out.destination->root_fd(), destination_base, O_RDONLY | O_DIRECTORY);
    if (base >= 0) {
        out.destination->set_base(UniqueFd(base));
    } else if (base != -ENOENT) {
        refuse("destination", destination, destination_root, -base);
    }
    check_overlap(out);
    return out;
}

void EndpointResolver::check_overlap(const Endpoints& endpoints) const {
    const TreeSide& source = *endpoints.source;
    const TreeSide& destination = *endpoints.destination;
    if (!endpoints.tree) {
        struct stat st {};
        if (destination.base_exists() &&
            ::fstatat(destination.base_fd(), endpoints.destination_name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            st.st_dev == endpoints.source_stat.st_dev && st.st_ino == endpoints.source_stat.st_ino) {
            throw std::runtime_error("source and destination are the same file " + in_quotes(source.absolute()));
        }
        return;
    }
    UniqueFd anchor(destination.base_exists() ? ::fcntl(destination.base_fd(), F_DUPFD_CLOEXEC, 0)
                                              : destination.open_deepest_existing());
    if (anchor && lies_within(anchor.get(), identity(source.base_fd()))) {
        throw std::runtime_error("destination " + in_quotes(destination.absolute()) + " lies inside the source " +
                                 in_quotes(source.absolute()) + ": a folder cannot be copied into itself");
    }
    if (request_.mirror && destination.base_exists() &&
        lies_within(source.base_fd(), identity(destination.base_fd()))) {
        throw std::runtime_error("source " + in_quotes(source.absolute()) + " lies inside the destination " +
                                 in_quotes(destination.absolute()) + ": a mirror would delete its own source");
    }
}

}  // namespace dms::fs
