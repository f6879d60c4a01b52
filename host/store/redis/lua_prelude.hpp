#pragma once

#include <string>
#include <string_view>

namespace dms::store::redis {

// The Lua every store script starts with: the key prefixes of keys.hpp, the state machine's table of moves and its
// final statuses generated from task/state_machine (so a script asks the same table task::next_status reads, and
// can never disagree with it), and the helpers that keep queues, indexes, leases and counts in step with a status.
std::string lua_prelude();

// A script's own part, after the prelude and any helpers of its own: run as a function, then what it deferred (its
// count and total changes, its fair clocks and users' last fair keys) is written in one go (flush_deferred), whether it
// returned or raised.
std::string lua_main(std::string_view body);

// Lua source of a string literal holding `text`.
std::string lua_quote(std::string_view text);

}  // namespace dms::store::redis
