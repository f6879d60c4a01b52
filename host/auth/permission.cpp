#include "auth/permission.hpp"

#include <array>
#include <utility>

namespace dms::auth {
namespace {

constexpr std::array<std::pair<Permission, std::string_view>, 5> kNames{{{Permission::submit, "submit"},
                                                                         {Permission::read, "read"},
                                                                         {Permission::cancel, "cancel"},
                                                                         {Permission::delete_, "delete"},
                                                                         {Permission::admin, "admin"}}};

}  // namespace

std::string_view permission_name(Permission permission) {
    for (const auto& [value, name] : kNames) {
        if (value == permission) return name;
    }
    return "unknown";
}

std::optional<Permission> parse_permission(std::string_view name) {
    for (const auto& [value, known] : kNames) {
        if (known == name) return value;
    }
    return std::nullopt;
}

std::vector<std::string> permission_names(const Permissions& permissions) {
    std::vector<std::string> names;
    for (Permission permission : permissions) names.emplace_back(permission_name(permission));
    return names;
}

Permissions permissions_from_names(const std::vector<std::string>& names) {
    Permissions permissions;
    for (const std::string& name : names) {
        if (auto permission = parse_permission(name)) permissions.insert(*permission);
    }
    return permissions;
}

}  // namespace dms::auth
