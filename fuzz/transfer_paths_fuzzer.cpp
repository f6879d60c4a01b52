// A copy or sync task's source and destination through the checks of plugins/common: the lexical
// AllowedRoots::locate, the submit-time check_resolves_inside, EndpointResolver::check_at_submit, and the
// run-time open_beneath. The roots hold symbolic links that lead out (absolute, relative, through "..",
// into the other root) and traps (a sibling folder whose name extends a root's, a dangling link, a loop).
//
// Input: "source\ndestination[\nmirror]". Shorthands, so absolute paths are in reach: a leading "@a" is
// root a as configured (a symbolic link to its real folder), "@A" its real path, "@b" root b, "@o" a folder
// outside both. Invariants: no crash; what is accepted has no ".." and lies lexically inside a root; what
// passes the submit check does not resolve outside its root; what open_beneath opens is inside its root.

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <dms/sdk.hpp>

#include "allowed_roots.hpp"
#include "beneath.hpp"
#include "endpoints.hpp"
#include "fuzz_check.hpp"
#include "path_text.hpp"
#include "transfer_request.hpp"
#include "unique_fd.hpp"

namespace {

using namespace dms;
namespace stdfs = std::filesystem;

struct Fixture {
    stdfs::path base;
    std::string root_a_alias;  // root a as configured: a link to real_a
    std::string root_a_real;
    std::string root_b;
    std::string outside;
    fs::AllowedRoots roots;
    std::vector<fs::UniqueFd> root_fds;  // where the run-time opens start, one per root
};

void write_file(const stdfs::path& path, std::string_view text) { std::ofstream(path) << text; }

Fixture make_fixture() {
    Fixture f;
    f.base = stdfs::canonical(fuzz::temporary_folder("dms-paths-fuzz"));
    const stdfs::path a = f.base / "real_a", b = f.base / "real_b", out = f.base / "outside";
    for (const auto& dir : {a / "dir" / "sub", b / "dir", out, f.base / "real_a2"}) stdfs::create_directories(dir);
    write_file(a / "dir" / "file.txt", "a");
    write_file(out / "secret", "outside");
    write_file(f.base / "real_a2" / "file", "a sibling whose name extends root a's");
    stdfs::create_directory_symlink(a, f.base / "alias_a");
    stdfs::create_directory_symlink("dir", a / "inside");
    stdfs::create_directory_symlink(".", a / "self");
    stdfs::create_directory_symlink(out, a / "out");
    stdfs::create_directory_symlink("../outside", a / "rel_out");
    stdfs::create_directory_symlink("..", a / "up");
    stdfs::create_symlink("/nonexistent-dms-fuzz/x", a / "dangle");
    stdfs::create_symlink("loop", a / "loop");
    stdfs::create_directory_symlink(a / "dir", b / "into_a");
    f.root_a_alias = (f.base / "alias_a").string();
    f.root_a_real = a.string();
    f.root_b = b.string();
    f.outside = out.string();
    const std::string setting = f.root_a_alias + ":" + f.root_b;
    f.roots = fs::AllowedRoots::from_settings(
        [&setting](std::string_view name) -> std::optional<std::string> {
            if (name == "DMS_COPY_ALLOWED_ROOTS") return setting;
            return std::nullopt;
        },
        "DMS_COPY_ALLOWED_ROOTS");
    for (const fs::AllowedRoot& root : f.roots.roots()) {
        f.root_fds.emplace_back(::open(root.real.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    }
    return f;
}

const Fixture& fixture() {
    static const Fixture instance = make_fixture();
    return instance;
}

std::string expand(std::string_view text) {
    const Fixture& f = fixture();
    if (text.starts_with("@a")) return f.root_a_alias + std::string(text.substr(2));
    if (text.starts_with("@A")) return f.root_a_real + std::string(text.substr(2));
    if (text.starts_with("@b")) return f.root_b + std::string(text.substr(2));
    if (text.starts_with("@o")) return f.outside + std::string(text.substr(2));
    return std::string(text);
}

// The oracle's own split, not path_text's: components without "" and ".".
std::vector<std::string> components(std::string_view path) {
    std::vector<std::string> out;
    for (const auto& part : stdfs::path(path)) {
        if (part != "/" && part != "." && !part.empty()) out.push_back(part.string());
    }
    return out;
}

bool lexically_inside(std::string_view path, std::string_view root) {
    if (path.starts_with('/') != root.starts_with('/')) return false;
    const auto inner = components(path), outer = components(root);
    return inner.size() >= outer.size() && std::equal(outer.begin(), outer.end(), inner.begin());
}

// Where the path leads today, through every symbolic link that exists; nothing when that cannot be told
// (a loop, a name too long).
std::optional<std::string> resolved(const std::string& path) {
    std::error_code error;
    stdfs::path leads_to = stdfs::weakly_canonical(path, error);
    if (error) return std::nullopt;
    return leads_to.lexically_normal().string();
}

// Returns the location when locate() accepts `user_path`, after checking what it says about it.
std::optional<fs::Location> check_locate(const std::string& user_path) {
    const Fixture& f = fixture();
    fs::Location location;
    try {
        location = f.roots.locate("source", user_path);
    } catch (const sdk::InvalidParameters&) {
        return std::nullopt;
    }
    const fs::AllowedRoot& root = f.roots.roots().at(location.root);
    for (const auto& part : components(user_path)) fuzz::require(part != "..", "a path with '..' was accepted");
    if (user_path.starts_with('/')) {
        fuzz::require(lexically_inside(user_path, root.path) || lexically_inside(user_path, root.real),
                      "an absolute path outside its root was accepted");
    }
    fuzz::require(!location.relative.starts_with('/'), "the relative part is absolute");
    for (const auto& part : components(location.relative)) fuzz::require(part != "..", "the relative part has '..'");
    fuzz::require(location.absolute == fs::join_path(root.real, location.relative), "absolute != root + relative");
    fuzz::require(lexically_inside(location.absolute, root.real), "the absolute path lies outside the root");
    return location;
}

// The submit-time check must refuse what resolves outside the root; open_beneath must never open it.
void check_resolution(const fs::Location& location) {
    const Fixture& f = fixture();
    const fs::AllowedRoot& root = f.roots.roots().at(location.root);
    bool passed = true;
    try {
        f.roots.check_resolves_inside("source", location);
    } catch (const sdk::InvalidParameters&) {
        passed = false;
    }
    if (passed) {
        if (auto leads_to = resolved(location.absolute)) {
            fuzz::require(lexically_inside(*leads_to, root.real), "a path resolving outside its root passed");
        }
    }
    for (int flags : {O_PATH, O_PATH | O_NOFOLLOW}) {
        fs::UniqueFd opened(fs::open_beneath(f.root_fds.at(location.root).get(), location.relative, flags));
        if (!opened) continue;
        char target[4096];
        const std::string proc = "/proc/self/fd/" + std::to_string(opened.get());
        ssize_t length = ::readlink(proc.c_str(), target, sizeof target);
        fuzz::require(length > 0, "readlink of an opened descriptor");
        fuzz::require(lexically_inside(std::string_view(target, static_cast<std::size_t>(length)), root.real),
                      "open_beneath opened something outside the root");
    }
}

void check_submit(const std::string& source, const std::string& destination, bool mirror) {
    fs::TransferRequest request;
    request.plugin = mirror ? "sync" : "copy";
    request.source = source;
    request.destination = destination;
    request.mirror = mirror;
    try {
        fs::EndpointResolver(fixture().roots, request).check_at_submit();
    } catch (const sdk::InvalidParameters&) {
        return;
    }
    const fs::Location from = fixture().roots.locate("source", source);
    const fs::Location to = fixture().roots.locate("destination", destination);
    fuzz::require(from.absolute != to.absolute, "source and destination are the same, and accepted");
    fuzz::require(!lexically_inside(to.absolute, from.absolute), "a destination inside its source was accepted");
    if (mirror) fuzz::require(!lexically_inside(from.absolute, to.absolute), "a mirror of its own parent was accepted");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fixture();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> lines;
    while (lines.size() < 3) {
        std::size_t end = text.find('\n');
        lines.push_back(expand(text.substr(0, end)));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    for (std::size_t i = 0; i < lines.size() && i < 2; ++i) {
        if (auto location = check_locate(lines[i])) check_resolution(*location);
    }
    if (lines.size() >= 2) check_submit(lines[0], lines[1], lines.size() == 3 && lines[2] == "mirror");
    return 0;
}
