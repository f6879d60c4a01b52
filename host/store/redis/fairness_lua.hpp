#pragma once

#include <string_view>

namespace dms::store::redis {

// The Lua helpers for paused services and running caps, appended to the prelude of every script (lua_prelude.cpp):
// running_in(service), running_by_user(service), is_paused(service) and heads_under_user_cap(...).
std::string_view fairness_lua();

}  // namespace dms::store::redis
