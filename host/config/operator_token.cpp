#include "config/operator_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

#include <spdlog/spdlog.h>

#include "util/secrets.hpp"

namespace dms::config {

std::filesystem::path operator_token_path(const std::filesystem::path& data_dir) {
    return data_dir / "operator_token";
}

std::string resolve_operator_token(const std::string& configured, const std::filesystem::path& data_dir) {
    if (!configured.empty()) return configured;
    auto path = operator_token_path(data_dir);
    std::ifstream existing(path);
    std::string token;
    if (existing && std::getline(existing, token) && !token.empty()) {
        spdlog::info("operator token: DMS_OPERATOR_TOKEN is unset; using the one kept in {}", path.string());
        return token;
    }
    token = util::random_hex(32);
    // O_EXCL with mode 0600: the secret is never readable by others, not even for an instant.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
    std::string line = token + "\n";
    bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) throw std::runtime_error("cannot write " + path.string());
    spdlog::warn("operator token: DMS_OPERATOR_TOKEN is unset; generated one and kept it in {} (mode 0600)",
                 path.string());
    return token;
}

}  // namespace dms::config
