#pragma once

#include <filesystem>
#include <string>

namespace dms::config {

// The operator token in force: the configured one, or else the one kept in `<data_dir>/operator_token`,
// generated (256 random bits, file mode 0600) the first time. There is never a default token.
std::string resolve_operator_token(const std::string& configured, const std::filesystem::path& data_dir);

std::filesystem::path operator_token_path(const std::filesystem::path& data_dir);

}  // namespace dms::config
