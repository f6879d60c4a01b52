#pragma once

#include <filesystem>
#include <string>

namespace dms::config {

// The operator token in force: the configured one, or else the one kept in `<data_dir>/operator_token`,
// generated (256 random bits, file mode 0600) the first time. There is never a default token.
std::string resolve_operator_token(const std::string& configured, const std::filesystem::path& data_dir);

std::filesystem::path operator_token_path(const std::filesystem::path& data_dir);

// The same for the external workers' token (X-Worker-Token), kept in `<data_dir>/worker_token`: a secret of its own,
// so that a worker machine never holds the operator's power.
std::string resolve_worker_token(const std::string& configured, const std::filesystem::path& data_dir);

std::filesystem::path worker_token_path(const std::filesystem::path& data_dir);

}  // namespace dms::config
