#pragma once

#include <cstddef>
#include <string>

#include "check_outcome.hpp"

namespace dms::conformance {

// The kit's report on stdout: one line per check, "PASS name: why", "FAIL name: why" or "SKIP name: why",
// then a summary line. Each line is flushed at once, before the next check forks.
class CheckReport {
public:
    void add(const std::string& name, const CheckOutcome& outcome);

    // Prints "summary: N passed, N failed, N skipped".
    void print_summary() const;

    bool any_failed() const { return failed_ > 0; }

private:
    std::size_t passed_ = 0;
    std::size_t failed_ = 0;
    std::size_t skipped_ = 0;
};

}  // namespace dms::conformance
