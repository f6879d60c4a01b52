#include "api/handler.hpp"

#include "auth/auth_error.hpp"
#include "http/api_error.hpp"
#include "http/request_log_scope.hpp"
#include "metrics/host_metrics.hpp"
#include "http/responses.hpp"
#include "service/rate_limited.hpp"
#include "service/service_error.hpp"
#include "store/store_error.hpp"

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
        case ErrorKind::rate_limited: return {Status::too_many_requests, "rate_limited", error.what()};
    }
    return {Status::internal_server_error, "internal", error.what()};
}

}  // namespace

http::ApiError to_api_error(const auth::AuthError& error) {
    using auth::AuthError;
    using http::Status;
    switch (error.kind()) {
        case AuthError::Kind::unauthorized: return {Status::unauthorized, "unauthorized", error.what()};
        case AuthError::Kind::forbidden: return {Status::forbidden, "forbidden", error.what()};
        case AuthError::Kind::not_found: return {Status::not_found, "not_found", error.what()};
        case AuthError::Kind::bad_request: return {Status::bad_request, "bad_request", error.what()};
        case AuthError::Kind::conflict: return {Status::conflict, "conflict", error.what()};
    }
    return {Status::internal_server_error, "internal", error.what()};
}

http::Handler translated(http::Handler handler) {
    return [handler = std::move(handler)](const http::RequestContext& context) -> http::Awaitable<http::Response> {
        try {
            co_return co_await handler(context);
        } catch (const service::RateLimited& error) {
            // The one refusal with a header of its own: when to try again.
            http::Response response = http::error_response(context.request(), http::Status::too_many_requests,
                                                           "rate_limited", error.what());
            response.set(boost::beast::http::field::retry_after, std::to_string(error.retry_after().count()));
            co_return response;
        } catch (const service::ServiceError& error) {
            throw to_api_error(error);
        } catch (const auth::AuthError& error) {
            throw to_api_error(error);
        }
    };
}

http::Handler immediate(std::function<http::Response(const http::RequestContext&)> handler) {
    return translated([handler = std::move(handler)](const http::RequestContext& context)
                          -> http::Awaitable<http::Response> {
        // The handler runs to its end on this thread without suspending, so the scope cannot leak into another
        // request's lines.
        http::RequestLogScope log_scope(context.request_id());
        co_return handler(context);
    });
}

http::Router::ExceptionMapper store_failures_as_unavailable(metrics::HostMetrics& metrics) {
    return [&metrics](const std::exception& error) -> std::optional<http::ApiError> {
        if (dynamic_cast<const store::StoreError*>(&error) == nullptr) return std::nullopt;
        metrics.count_store_error();
        return http::ApiError(http::Status::service_unavailable, "store_unavailable",
                              "the task store is unavailable; try again later");
    };
}

}  // namespace dms::api
