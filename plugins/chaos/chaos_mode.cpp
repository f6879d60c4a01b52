#include "chaos_mode.hpp"

#include <array>
#include <utility>

namespace dms::plugins {
namespace {

constexpr std::array<std::pair<ChaosMode, std::string_view>, 13> kModes{{
    {ChaosMode::succeed, "succeed"},
    {ChaosMode::fail, "fail"},
    {ChaosMode::fail_permanently, "fail_permanently"},
    {ChaosMode::crash, "crash"},
    {ChaosMode::abort, "abort"},
    {ChaosMode::hang, "hang"},
    {ChaosMode::ignore_cancel, "ignore_cancel"},
    {ChaosMode::quiet, "quiet"},
    {ChaosMode::heartbeat, "heartbeat"},
    {ChaosMode::slow, "slow"},
    {ChaosMode::leak, "leak"},
    {ChaosMode::garbage_stdout, "garbage_stdout"},
    {ChaosMode::bad_progress, "bad_progress"},
}};

}  // namespace

std::optional<ChaosMode> parse_chaos_mode(std::string_view name) {
    for (const auto& [mode, mode_name] : kModes) {
        if (mode_name == name) return mode;
    }
    return std::nullopt;
}

std::string_view chaos_mode_name(ChaosMode mode) {
    for (const auto& [known, name] : kModes) {
        if (known == mode) return name;
    }
    return "unknown";
}

std::string chaos_mode_list() {
    std::string list;
    for (const auto& [mode, name] : kModes) list += (list.empty() ? "" : " | ") + std::string(name);
    return list;
}

}  // namespace dms::plugins
