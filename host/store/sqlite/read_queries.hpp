#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/task_store.hpp"

// The store's read-only queries, each run by SqliteStore on a pooled reader inside one read transaction.
namespace dms::store::sqlite {

// A page of tasks, newest first. Throws std::invalid_argument for a malformed cursor.
TaskPage list_tasks(Connection& connection, const ListQuery& query);

std::vector<std::string> users_of(Connection& connection, std::string_view service);

// Reads only the counters each write keeps (CountDeltas), never the tasks table.
Stats read_stats(Connection& connection);

Blocks read_blocks(Connection& connection);

// The opaque list cursor: "c" followed by the decimal seq of the last task on the previous page.
std::string encode_cursor(std::int64_t seq);
std::int64_t decode_cursor(std::string_view cursor);

}  // namespace dms::store::sqlite
