#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace dms::store {

// Per-user weights of the round-robin within a priority (DMS_USER_SHARES): while both wait, a user with share 2 is
// taken twice as often as one with share 1. Each queued task moves its user's virtual time on by its step,
// 1000 / share, so shares become whole-number steps and fair keys stay exact integers on both stores.
class FairShares {
public:
    static constexpr std::int64_t kUnitStep = 1000;  // the step of share 1, the default
    static constexpr double kLowestShare = 0.01;
    static constexpr double kHighestShare = 100;

    FairShares() = default;
    // Shares outside [kLowestShare, kHighestShare] throw std::invalid_argument.
    explicit FairShares(const std::map<std::string, double, std::less<>>& shares);

    std::int64_t step(std::string_view user_id) const;

private:
    std::map<std::string, std::int64_t, std::less<>> steps_;  // users whose share is not 1
};

}  // namespace dms::store
