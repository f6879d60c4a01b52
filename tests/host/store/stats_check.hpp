#pragma once

#include "store/task_store.hpp"

namespace dms::store::test {

// Checks the store's stats against a full listing of its tasks: every status, service and queued priority counted
// the same both ways. Fails the current test where they differ.
void expect_counts_match_tasks(TaskStore& store);

}  // namespace dms::store::test
