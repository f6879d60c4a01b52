#include "util/bounded_json.hpp"

namespace dms::util {
namespace {

struct TooDeep {};

}  // namespace

std::optional<nlohmann::json> parse_bounded_json(std::string_view text, int max_depth) {
    // The parser itself is iterative; the callback stops it as soon as the nesting passes the limit.
    auto check_depth = [max_depth](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        bool opens = event == nlohmann::json::parse_event_t::object_start ||
                     event == nlohmann::json::parse_event_t::array_start;
        if (opens && depth >= max_depth) throw TooDeep{};
        return true;
    };
    try {
        nlohmann::json value = nlohmann::json::parse(text, check_depth, false);
        if (value.is_discarded()) return std::nullopt;
        return value;
    } catch (const TooDeep&) {
        return std::nullopt;
    }
}

}  // namespace dms::util
