#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace dms::fs {

// sync's max_delete: at most this many deletions, as a count ("100") or a share of the destination's
// files ("10%", rounded up).
class DeleteLimit {
 public:
    static constexpr const char* kDefault = "10%";

    // @return the limit, or nothing when `value` is neither a whole number nor a percentage in [0, 100]
    static std::optional<DeleteLimit> parse(const nlohmann::json& value);

    // @param destination_files how many files (and links) the destination holds before the sync
    // @return how many of them may be deleted
    std::uint64_t allowed(std::uint64_t destination_files) const;

    // "10%" or "100", as the user wrote it in effect
    std::string text() const;

 private:
    bool percent_ = true;
    double value_ = 10;
};

}  // namespace dms::fs
