#include "progress_judge.hpp"

#include <cmath>
#include <map>
#include <sstream>

namespace dms::conformance {
namespace {

std::string shown(const ProgressRecord& report, std::size_t index) {
    std::ostringstream text;
    text << "report #" << index + 1 << " (done " << report.done << ", total " << report.total << ", unit '"
         << report.unit << "')";
    return text.str();
}

}  // namespace

std::string progress_problem(const std::vector<ProgressRecord>& reports) {
    std::map<std::string, double> last_done;  // per unit: a plugin may count files, then bytes
    std::string first;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const ProgressRecord& report = reports[i];
        std::string why;
        if (!std::isfinite(report.done) || !std::isfinite(report.total)) {
            why = "is not a finite number";
        } else if (report.done < 0 || report.total < 0) {
            why = "is negative";
        } else if (report.total > 0 && report.done > report.total) {
            why = "has done beyond total";
        } else if (const auto last = last_done.find(report.unit);
                   last != last_done.end() && report.done < last->second) {
            why = "goes back from " + std::to_string(last->second);
        }
        if (why.empty()) {
            last_done[report.unit] = report.done;
            continue;
        }
        if (bad++ == 0) first = shown(report, i) + " " + why;
    }
    if (bad == 0) return {};
    return std::to_string(bad) + " of " + std::to_string(reports.size()) + " reports are not sane; first: " + first;
}

}  // namespace dms::conformance
