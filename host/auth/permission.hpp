#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dms::auth {

// What a key may do. admin makes its holder an operator: every route, every tenant.
enum class Permission { submit, read, cancel, delete_, admin };

using Permissions = std::set<Permission>;

std::string_view permission_name(Permission permission);
// Nothing for a name that is not one of submit, read, cancel, delete, admin.
std::optional<Permission> parse_permission(std::string_view name);

// The names, in the enum's order, as a key record stores them.
std::vector<std::string> permission_names(const Permissions& permissions);

// Every known name in `names`; unknown ones are skipped (a newer host's permission means nothing here).
Permissions permissions_from_names(const std::vector<std::string>& names);

}  // namespace dms::auth
