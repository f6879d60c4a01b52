#pragma once

#include <map>
#include <string>
#include <string_view>

namespace dms::test {

// The samples of a Prometheus text exposition, by series as written (`name{label="value",...}`, labels in the
// order the host writes them: sorted by name, a bucket's le last), e.g. samples["dms_queue_depth{priority=\"low\"}"].
std::map<std::string, double> parse_samples(std::string_view text);

// The sample of `series`, or -1 when the scrape does not have it.
double sample(const std::map<std::string, double>& samples, const std::string& series);

}  // namespace dms::test
