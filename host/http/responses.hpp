#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/types.hpp"

namespace dms::http {

// A JSON answer; keep-alive and version follow the request.
Response json_response(const Request& request, Status status, const nlohmann::json& body);

// A text answer with its content type, e.g. the Prometheus exposition format; keep-alive and version follow the
// request.
Response text_response(const Request& request, Status status, std::string_view content_type, std::string body);

// The error model every failure uses: {"error": {"code": ..., "message": ...}}.
Response error_response(const Request& request, Status status, std::string_view code, std::string_view message);

// 204 No Content.
Response empty_response(const Request& request, Status status);

// An error for a request that could not even be parsed: HTTP/1.1, connection closed afterwards.
Response unparsed_error_response(Status status, std::string_view code, std::string_view message);

}  // namespace dms::http
