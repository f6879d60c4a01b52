#include "store/template_store.hpp"

namespace dms::store {

std::string_view to_string(OverlapPolicy policy) { return policy == OverlapPolicy::skip ? "skip" : "allow"; }

std::string_view to_string(CatchUpPolicy policy) { return policy == CatchUpPolicy::skip ? "skip" : "run_once"; }

std::optional<OverlapPolicy> parse_overlap_policy(std::string_view text) {
    if (text == "skip") return OverlapPolicy::skip;
    if (text == "allow") return OverlapPolicy::allow;
    return std::nullopt;
}

std::optional<CatchUpPolicy> parse_catch_up_policy(std::string_view text) {
    if (text == "skip") return CatchUpPolicy::skip;
    if (text == "run_once") return CatchUpPolicy::run_once;
    return std::nullopt;
}

}  // namespace dms::store
