#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dms::fs {

// Lexical path helpers: no file system access, so they are safe at submit time and in tight loops.

// The components of `path`, without empty and "." ones ("a//./b/" -> {"a", "b"}).
std::vector<std::string_view> path_components(std::string_view path);

// True when any component of `path` is "..".
bool has_dot_dot(std::string_view path);

// `path` without empty and "." components; absolute paths keep their leading '/', "/" stays "/", and a
// relative path with no components becomes "".
std::string normalize_path(std::string_view path);

// True when normalized `inner` is `outer` itself or lies below it, component by component.
bool path_within(std::string_view inner, std::string_view outer);

// `inner` relative to `outer` (requires path_within(inner, outer)); "" when they are equal.
std::string path_relative_to(std::string_view inner, std::string_view outer);

// Joins with '/', leaving out empty parts: join_path("", "a") == "a", join_path("/r", "") == "/r".
std::string join_path(std::string_view a, std::string_view b);

// The last component ("a/b" -> "b", "b" -> "b") and everything before it ("a/b" -> "a", "b" -> "").
std::string_view path_base_name(std::string_view path);
std::string_view path_parent(std::string_view path);

}  // namespace dms::fs
