#include "http/request_context.hpp"

#include "http/api_error.hpp"
#include "util/bounded_json.hpp"

namespace dms::http {

const std::string& RequestContext::path_param(std::string_view name) const {
    auto found = path_params_.find(name);
    if (found == path_params_.end()) throw std::logic_error("route has no path parameter " + std::string(name));
    return found->second;
}

std::optional<std::string> RequestContext::query_param(std::string_view name) const {
    std::optional<std::string> value;
    for (const auto& [key, text] : query_) {
        if (key != name) continue;
        if (value) throw ApiError(Status::bad_request, "bad_request", "query parameter '" + key + "' is given twice");
        value = text;
    }
    return value;
}

std::string_view RequestContext::header(std::string_view name) const {
    auto found = request_.find(name);
    if (found == request_.end()) return {};
    return {found->value().data(), found->value().size()};
}

nlohmann::json RequestContext::json_object_body() const {
    auto parsed = util::parse_bounded_json(request_.body());
    if (!parsed) {
        throw ApiError(Status::bad_request, "bad_request",
                       "the request body is not valid JSON, or nests deeper than " +
                           std::to_string(util::kMaxJsonDepth) + " levels");
    }
    nlohmann::json body = std::move(*parsed);
    if (!body.is_object()) throw ApiError(Status::bad_request, "bad_request", "the request body must be a JSON object");
    return body;
}

}  // namespace dms::http
