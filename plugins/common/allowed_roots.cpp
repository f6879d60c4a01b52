#include "allowed_roots.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <dms/sdk.hpp>

#include "beneath.hpp"
#include "path_text.hpp"

namespace dms::fs {
namespace {

// The entries of a colon- or comma-separated list, trimmed, empty ones dropped.
std::vector<std::string> split_roots(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(":,", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view part = text.substr(start, end - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) out.emplace_back(part);
        start = end + 1;
    }
    return out;
}

// realpath(3) as a string; nothing when the path does not resolve.
std::optional<std::string> real_path(const std::string& path) {
    char buffer[PATH_MAX];
    if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
    return std::string(buffer);
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

AllowedRoots AllowedRoots::from_settings(const Lookup& setting, std::string_view variable) {
    AllowedRoots result;
    result.variable_ = std::string(variable);
    std::vector<std::string> configured;
    if (auto text = setting(variable); text && !split_roots(*text).empty()) {
        configured = split_roots(*text);
    } else if (auto data_dir = setting("DMS_DATA_DIR"); data_dir && !data_dir->empty()) {
        std::string files = join_path(std::filesystem::absolute(*data_dir).string(), "files");
        std::error_code ignored;
        std::filesystem::create_directories(files, ignored);
        configured.push_back(files);
    } else {
        throw std::runtime_error("no allowed roots: set " + result.variable_ + " or DMS_DATA_DIR");
    }
    for (const std::string& root : configured) {
        if (!root.starts_with('/')) {
            throw std::runtime_error(result.variable_ + ": allowed root " + in_quotes(root) +
                                     " is not an absolute path");
        }
        auto real = real_path(root);
        if (!real) {
            throw std::runtime_error(result.variable_ + ": allowed root " + in_quotes(root) +
                                     " cannot be used: " + errno_text(errno));
        }
        result.roots_.push_back({normalize_path(root), *real});
    }
    return result;
}

Location AllowedRoots::locate(std::string_view parameter, std::string_view user_path) const {
    const std::string name = "parameter " + in_quotes(parameter);
    if (user_path.empty()) throw sdk::InvalidParameters(name + " must not be empty");
    if (user_path.find('\0') != std::string_view::npos) throw sdk::InvalidParameters(name + " contains a NUL byte");
    if (has_dot_dot(user_path)) {
        throw sdk::InvalidParameters(name + " must not contain '..' components: " + in_quotes(user_path));
    }
    Location location;
    location.trailing_slash = user_path.ends_with('/');
    const std::string normal = normalize_path(user_path);
    if (!normal.starts_with('/')) {
        location.relative = normal;
    } else {
        bool found = false;
        for (std::size_t i = 0; i < roots_.size() && !found; ++i) {
            for (const std::string& root : {roots_[i].path, roots_[i].real}) {
                if (path_within(normal, root)) {
                    location = {i, path_relative_to(normal, root), {}, location.trailing_slash};
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            throw sdk::InvalidParameters(name + " is " + in_quotes(user_path) + ", outside the allowed roots " +
                                         describe() + " (" + variable_ + " sets them)");
        }
    }
    location.absolute = join_path(roots_[location.root].real, location.relative);
    return location;
}

void AllowedRoots::check_resolves_inside(std::string_view parameter, const Location& location) const {
    const AllowedRoot& root = roots_[location.root];
    // The longest prefix that exists (lstat), walking down from the root.
    std::string existing = root.real;
    struct stat st {};
    for (std::string_view part : path_components(location.relative)) {
        std::string next = join_path(existing, part);
        if (::lstat(next.c_str(), &st) != 0) break;
        existing = std::move(next);
    }
    auto real = real_path(existing);
    std::string leads_to;
    if (real) {
        if (path_within(*real, root.real)) return;
        leads_to = *real;
    } else {
        // A dangling symbolic link: only an absolute target can be judged without following it.
        char target[PATH_MAX];
        ssize_t length = ::readlink(existing.c_str(), target, sizeof target - 1);
        if (length <= 0 || target[0] != '/') return;
        leads_to = normalize_path(std::string_view(target, static_cast<std::size_t>(length)));
        if (path_within(leads_to, root.real)) return;
    }
    throw sdk::InvalidParameters("parameter " + in_quotes(parameter) + ": " + in_quotes(location.absolute) +
                                 " resolves to " + in_quotes(leads_to) + ", outside its allowed root " +
                                 in_quotes(root.real) + " (a symbolic link leads out)");
}

std::string AllowedRoots::describe() const {
    std::string out;
    for (const AllowedRoot& root : roots_) out += (out.empty() ? "" : ", ") + in_quotes(root.path);
    return out;
}

}  // namespace dms::fs
