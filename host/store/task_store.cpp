#include "store/task_store.hpp"

#include <algorithm>

namespace dms::store {

SubmitRefusal refusal_of(const Blocks& gates, std::string_view user_id) {
    if (gates.global) return SubmitRefusal::all_blocked;
    bool blocked = std::binary_search(gates.users.begin(), gates.users.end(), user_id, std::less<>());
    return blocked ? SubmitRefusal::user_blocked : SubmitRefusal::none;
}

}  // namespace dms::store
