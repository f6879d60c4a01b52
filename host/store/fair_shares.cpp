#include "store/fair_shares.hpp"

#include <cmath>
#include <stdexcept>

namespace dms::store {

FairShares::FairShares(const std::map<std::string, double, std::less<>>& shares) {
    for (const auto& [user, share] : shares) {
        if (!(share >= kLowestShare && share <= kHighestShare)) {
            throw std::invalid_argument("share of user '" + user + "' is outside 0.01..100");
        }
        steps_[user] = std::llround(static_cast<double>(kUnitStep) / share);
    }
}

std::int64_t FairShares::step(std::string_view user_id) const {
    auto found = steps_.find(user_id);
    return found == steps_.end() ? kUnitStep : found->second;
}

}  // namespace dms::store
