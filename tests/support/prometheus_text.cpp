#include "support/prometheus_text.hpp"

#include <sstream>

namespace dms::test {

std::map<std::string, double> parse_samples(std::string_view text) {
    std::map<std::string, double> samples;
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.front() == '#') continue;
        // Label values in our scrapes hold no spaces, so the value follows the last one.
        auto space = line.rfind(' ');
        if (space == std::string::npos) continue;
        samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return samples;
}

double sample(const std::map<std::string, double>& samples, const std::string& series) {
    auto found = samples.find(series);
    return found == samples.end() ? -1 : found->second;
}

}  // namespace dms::test
