#include "check_report.hpp"

#include <iostream>

namespace dms::conformance {

void CheckReport::add(const std::string& name, const CheckOutcome& outcome) {
    const char* verdict = "FAIL";
    if (outcome.verdict == Verdict::pass) {
        verdict = "PASS";
        ++passed_;
    } else if (outcome.verdict == Verdict::skip) {
        verdict = "SKIP";
        ++skipped_;
    } else {
        ++failed_;
    }
    std::cout << verdict << ' ' << name << ": " << outcome.detail << std::endl;
}

void CheckReport::print_summary() const {
    std::cout << "summary: " << passed_ << " passed, " << failed_ << " failed, " << skipped_ << " skipped" << std::endl;
}

}  // namespace dms::conformance
