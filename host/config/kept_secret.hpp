#pragma once

#include <filesystem>
#include <string>

namespace dms::config {

// A secret in force: `configured` when set, else the one kept at `path`, generated (256 random bits, file mode 0600)
// the first time. `setting` names the variable in the log lines, e.g. "DMS_OPERATOR_TOKEN". Never a default.
std::string resolve_kept_secret(const std::string& configured, const std::filesystem::path& path,
                                const std::string& setting);

}  // namespace dms::config
