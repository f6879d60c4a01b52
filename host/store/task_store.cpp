#include "store/task_store.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace dms::store {

SubmitRefusal refusal_of(const Blocks& gates, std::string_view user_id) {
    if (gates.global) return SubmitRefusal::all_blocked;
    bool blocked = std::binary_search(gates.users.begin(), gates.users.end(), user_id, std::less<>());
    return blocked ? SubmitRefusal::user_blocked : SubmitRefusal::none;
}

FinishRequest unreadable_task_ending(Fence fence, std::string_view error) {
    std::string why(error);
    return {std::move(fence),
            task::Event::fail,
            {{"error", "the stored task cannot be read: " + why}},
            "Failed before it started: the host could not read its stored task: " + why,
            std::nullopt,
            false};
}

}  // namespace dms::store
