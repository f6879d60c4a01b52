#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dms::fs {

// One folder a plugin may read and write beneath.
struct AllowedRoot {
    std::string path;  // as configured, normalized
    std::string real;  // its realpath: where RESOLVE_BENEATH starts
};

// Where a user's path lies: which root, and the normalized path relative to it ("" for the root itself).
struct Location {
    std::size_t root = 0;
    std::string relative;
    std::string absolute;         // real root + relative: what messages show
    bool trailing_slash = false;  // the user wrote "dir/": meant as a folder
};

// The folders a plugin may touch: from DMS_<PLUGIN>_ALLOWED_ROOTS (colon- or comma-separated absolute
// paths), else <DMS_DATA_DIR>/files, created when missing. Paths given relative are taken inside the
// first root; absolute ones must lie inside one (the first that contains them).
class AllowedRoots {
 public:
    using Lookup = std::function<std::optional<std::string>(std::string_view)>;

    // @param setting reads a DMS_* setting (the executor's setting())
    // @param variable e.g. "DMS_COPY_ALLOWED_ROOTS"
    // @throw std::runtime_error when no root is configured or one does not exist
    static AllowedRoots from_settings(const Lookup& setting, std::string_view variable);

    const std::vector<AllowedRoot>& roots() const { return roots_; }
    const std::string& variable() const { return variable_; }

    // The lexical check: no "..", inside a root. The parameter's name goes into the messages.
    // @throw dms::sdk::InvalidParameters saying what is wrong
    Location locate(std::string_view parameter, std::string_view user_path) const;

    // The submit-time check that the existing part of the path does not resolve (through symbolic
    // links) outside its root. The run-time check is open_beneath, on every open.
    // @throw dms::sdk::InvalidParameters saying where it leads
    void check_resolves_inside(std::string_view parameter, const Location& location) const;

    // "'/a', '/b'": the roots as messages list them.
    std::string describe() const;

 private:
    std::vector<AllowedRoot> roots_;
    std::string variable_;
};

}  // namespace dms::fs
