#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dms::http {

inline constexpr std::string_view kRequestIdHeader = "X-Request-Id";
inline constexpr std::size_t kMaxRequestIdLength = 128;

// True for an id we may echo and log as it is: 1 to kMaxRequestIdLength of [A-Za-z0-9._:@/+=-], so it can never
// break a header, a JSON log line or a plain one.
bool is_acceptable_request_id(std::string_view id);

// The id of a request: the client's X-Request-Id when acceptable, else a new random UUID.
std::string request_id_for(std::string_view incoming);

}  // namespace dms::http
