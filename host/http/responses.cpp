#include "http/responses.hpp"

#include <string>

namespace dms::http {
namespace {

constexpr std::string_view kServerName = "dms-host/" DMS_VERSION;

Response make(unsigned version, bool keep_alive, Status status) {
    Response response{status, version};
    response.set(beast_http::field::server, kServerName);
    response.keep_alive(keep_alive);
    return response;
}

std::string dump(const nlohmann::json& body) {
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json error_body(std::string_view code, std::string_view message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace

Response json_response(const Request& request, Status status, const nlohmann::json& body) {
    Response response = make(request.version(), request.keep_alive(), status);
    response.set(beast_http::field::content_type, "application/json");
    response.body() = dump(body);
    response.prepare_payload();
    return response;
}

Response text_response(const Request& request, Status status, std::string_view content_type, std::string body) {
    Response response = make(request.version(), request.keep_alive(), status);
    response.set(beast_http::field::content_type, content_type);
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

Response error_response(const Request& request, Status status, std::string_view code, std::string_view message) {
    return json_response(request, status, error_body(code, message));
}

Response empty_response(const Request& request, Status status) {
    Response response = make(request.version(), request.keep_alive(), status);
    response.prepare_payload();
    return response;
}

Response unparsed_error_response(Status status, std::string_view code, std::string_view message) {
    Response response = make(11, false, status);
    response.set(beast_http::field::content_type, "application/json");
    response.body() = dump(error_body(code, message));
    response.prepare_payload();
    return response;
}

}  // namespace dms::http
