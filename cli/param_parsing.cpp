#include "cli/param_parsing.hpp"

#include "cli/cli_error.hpp"
#include "cli/exit_codes.hpp"

namespace dms::cli {

nlohmann::json parse_params(const std::vector<std::string>& params) {
    nlohmann::json parameters = nlohmann::json::object();
    for (const std::string& param : params) {
        auto equals = param.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw CliError("--param takes name=value, got '" + param + "'", kExitUsage);
        }
        std::string name = param.substr(0, equals);
        if (parameters.contains(name)) throw CliError("--param " + name + " is given twice", kExitUsage);
        parameters[name] = param.substr(equals + 1);
    }
    return parameters;
}

}  // namespace dms::cli
