#pragma once

#include <string>

#include "check_options.hpp"
#include "check_outcome.hpp"
#include "hostile_parameters.hpp"

namespace dms::conformance {

// The plugin and the service under check.
struct CheckTarget {
    const CheckOptions& options;
    std::string service;
};

// Each check below runs in a child of its own (run_isolated), loading the plugin afresh, so that a crash or
// a hang fails that check alone.

// load: the library loads with RTLD_LOCAL, init succeeds, destroy returns. Its data says what the
// description is ("description") or what is wrong with it ("metadata_problem").
CheckOutcome check_load(const CheckOptions& options);

// validate --params: the plugin accepts the parameters the author gave.
CheckOutcome check_validate_accepts(const CheckTarget& target);

// One hostile submission: validate answers OK or INVALID, and when it refuses, run with the same parameters
// ends with a documented status.
CheckOutcome check_hostile(const CheckTarget& target, const HostileCase& hostile);

// run: a run with --params ends within --run-timeout-seconds with a documented status other than
// CANCELLED. Its data judges the progress it reported ("progress_problem", "progress_reports").
CheckOutcome check_run(const CheckTarget& target);

// cancel: a run with --params, cancelled after 100 ms, returns within --cancel-bound-seconds of the request
// with CANCELLED (or OK, when it was just finishing).
CheckOutcome check_cancel(const CheckTarget& target);

}  // namespace dms::conformance
