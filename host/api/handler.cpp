#include "api/handler.hpp"

#include "http/api_error.hpp"
#include "service/service_error.hpp"

namespace dms::api {
namespace {

http::ApiError to_api_error(const service::ServiceError& error) {
    using service::ErrorKind;
    using http::Status;
    switch (error.kind()) {
        case ErrorKind::bad_request: return {Status::bad_request, "bad_request", error.what()};
        case ErrorKind::not_found: return {Status::not_found, "not_found", error.what()};
        case ErrorKind::illegal_transition: return {Status::conflict, "illegal_transition", error.what()};
        case ErrorKind::unknown_service: return {Status::unprocessable_entity, "unknown_service", error.what()};
        case ErrorKind::invalid_parameters: return {Status::unprocessable_entity, "invalid_parameters", error.what()};
        case ErrorKind::blocked: return {Status::service_unavailable, "blocked", error.what()};
        case ErrorKind::shutting_down: return {Status::service_unavailable, "shutting_down", error.what()};
    }
    return {Status::internal_server_error, "internal", error.what()};
}

}  // namespace

http::Handler translated(http::Handler handler) {
    return [handler = std::move(handler)](const http::RequestContext& context) -> http::Awaitable<http::Response> {
        try {
            co_return co_await handler(context);
        } catch (const service::ServiceError& error) {
            throw to_api_error(error);
        }
    };
}

http::Handler immediate(std::function<http::Response(const http::RequestContext&)> handler) {
    return translated([handler = std::move(handler)](const http::RequestContext& context)
                          -> http::Awaitable<http::Response> { co_return handler(context); });
}

}  // namespace dms::api
