#include "config/kept_secret.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

#include <spdlog/spdlog.h>

#include "util/secrets.hpp"

namespace dms::config {

std::string resolve_kept_secret(const std::string& configured, const std::filesystem::path& path,
                                const std::string& setting) {
    if (!configured.empty()) return configured;
    std::ifstream existing(path);
    std::string token;
    if (existing && std::getline(existing, token) && !token.empty()) {
        spdlog::info("{} is unset; using the token kept in {}", setting, path.string());
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
    spdlog::warn("{} is unset; generated a token and kept it in {} (mode 0600)", setting, path.string());
    return token;
}

}  // namespace dms::config
