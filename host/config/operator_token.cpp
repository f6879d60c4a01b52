#include "config/operator_token.hpp"

#include "config/kept_secret.hpp"

namespace dms::config {

std::filesystem::path operator_token_path(const std::filesystem::path& data_dir) {
    return data_dir / "operator_token";
}

std::string resolve_operator_token(const std::string& configured, const std::filesystem::path& data_dir) {
    return resolve_kept_secret(configured, operator_token_path(data_dir), "operator token: DMS_OPERATOR_TOKEN");
}

std::filesystem::path worker_token_path(const std::filesystem::path& data_dir) { return data_dir / "worker_token"; }

std::string resolve_worker_token(const std::string& configured, const std::filesystem::path& data_dir) {
    return resolve_kept_secret(configured, worker_token_path(data_dir), "worker token: DMS_WORKER_TOKEN");
}

}  // namespace dms::config
