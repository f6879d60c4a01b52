#pragma once

#include <stdexcept>
#include <string>

#include "store/task_store.hpp"

namespace dms::store {

// A submission an operator's block refused when it came to be committed (TaskStore::submit). Not a StoreError:
// the store works, and the caller answers the submitter as it would any block.
class SubmitRefused : public std::runtime_error {
public:
    explicit SubmitRefused(SubmitRefusal why)
        : std::runtime_error(why == SubmitRefusal::all_blocked ? "all submissions are blocked" : "the user is blocked"),
          why_(why) {}

    SubmitRefusal why() const { return why_; }

private:
    SubmitRefusal why_;
};

}  // namespace dms::store
