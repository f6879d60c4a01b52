#include "http/request_id.hpp"

#include "util/ids.hpp"

namespace dms::http {
namespace {

constexpr std::string_view kSafePunctuation = "._:@/+=-";

bool is_safe(char c) {
    bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alphanumeric || kSafePunctuation.find(c) != std::string_view::npos;
}

}  // namespace

bool is_acceptable_request_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxRequestIdLength) return false;
    for (char c : id) {
        if (!is_safe(c)) return false;
    }
    return true;
}

std::string request_id_for(std::string_view incoming) {
    if (is_acceptable_request_id(incoming)) return std::string(incoming);
    // A version 4 UUID, as task ids: unique across hosts without coordination.
    return util::new_task_id();
}

}  // namespace dms::http
