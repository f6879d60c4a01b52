#pragma once

#include <string>
#include <vector>

#include "check_host.hpp"

namespace dms::conformance {

// What is wrong with a run's progress reports: a value that is NaN, infinite or negative, done beyond a
// known total (total > 0), or done going back within a unit.
// @return a description of the first bad report and how many are bad, or empty when all are sane
std::string progress_problem(const std::vector<ProgressRecord>& reports);

}  // namespace dms::conformance
