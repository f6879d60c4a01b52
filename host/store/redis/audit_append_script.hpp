#pragma once

#include "store/redis/script.hpp"

namespace dms::store::redis {

// The audit chain's compare-and-append. KEYS: the records list, the head. ARGV: the head the caller chained onto
// ("" when it saw none), the new record as JSON, the new head "<seq> <hash>". Appends and moves the head only when
// the head is still the one the caller saw, atomically; returns 1 then, else 0 (another host appended first).
Script audit_append_script();

}  // namespace dms::store::redis
