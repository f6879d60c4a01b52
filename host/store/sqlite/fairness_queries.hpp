#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/connection.hpp"

// The queries behind pausing services and capping running tasks. Paused services are rows of the flags table named
// "paused_service:<service>", so pausing needs no schema change.
namespace dms::store::sqlite {

// Sorted.
std::vector<std::string> read_paused_services(Connection& connection);
void write_service_paused(Connection& connection, std::string_view service, bool paused);

// Running tasks of one service: in all, and by user.
std::int64_t running_in_service(Connection& connection, std::string_view service);
std::map<std::string, std::int64_t, std::less<>> running_by_user(Connection& connection, std::string_view service);

// The user of the task with this seq; empty when there is none.
std::string user_of(Connection& connection, std::int64_t seq);

}  // namespace dms::store::sqlite
