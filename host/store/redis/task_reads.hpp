#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "store/redis/connection.hpp"
#include "store/task_store.hpp"

// The reads of RedisStore that take more than one command: tasks with their log tails and attempts, and listings.
namespace dms::store::redis {

// The tasks with these ids, each with its latest `log_tail` log lines and, with `with_attempts`, its whole attempt
// history, read in one snapshot (MULTI/EXEC, one round trip); nothing for an id with no task.
std::vector<std::optional<task::Task>> load_tasks(Connection& connection, const std::vector<std::string>& ids,
                                                  std::size_t log_tail, bool with_attempts = false);

// A page of a listing, newest first: walks the narrowest index for the query's filters (a sorted set by seq) from the
// cursor down, checking the other filters, in chunks of one round trip each. Throws std::invalid_argument on a
// cursor this store did not hand out.
TaskPage list_tasks(Connection& connection, const ListQuery& query);

}  // namespace dms::store::redis
