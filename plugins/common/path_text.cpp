#include "path_text.hpp"

namespace dms::fs {

std::vector<std::string_view> path_components(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view part = path.substr(start, end - start);
        if (!part.empty() && part != ".") parts.push_back(part);
        start = end + 1;
    }
    return parts;
}

bool has_dot_dot(std::string_view path) {
    for (std::string_view part : path_components(path)) {
        if (part == "..") return true;
    }
    return false;
}

std::string normalize_path(std::string_view path) {
    std::string out = path.starts_with('/') ? "/" : "";
    for (std::string_view part : path_components(path)) {
        if (!out.empty() && out.back() != '/') out += '/';
        out += part;
    }
    return out;
}

bool path_within(std::string_view inner, std::string_view outer) {
    if (outer == "/") return inner.starts_with('/');
    if (outer.empty()) return !inner.starts_with('/');
    if (!inner.starts_with(outer)) return false;
    return inner.size() == outer.size() || inner[outer.size()] == '/';
}

std::string path_relative_to(std::string_view inner, std::string_view outer) {
    if (inner.size() <= outer.size()) return {};
    std::string_view rest = inner.substr(outer.size());
    while (rest.starts_with('/')) rest.remove_prefix(1);
    return std::string(rest);
}

std::string join_path(std::string_view a, std::string_view b) {
    if (a.empty()) return std::string(b);
    if (b.empty()) return std::string(a);
    std::string out(a);
    if (out.back() != '/') out += '/';
    out += b;
    return out;
}

std::string_view path_base_name(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view path_parent(std::string_view path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return {};
    return slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}

}  // namespace dms::fs
