#include "api/authentication.hpp"

#include "api/handler.hpp"
#include "auth/auth_error.hpp"

namespace dms::api {
namespace {

std::optional<std::string_view> header(const http::Request& request, std::string_view name) {
    auto found = request.find(name);
    if (found == request.end()) return std::nullopt;
    return std::string_view(found->value().data(), found->value().size());
}

auth::Authenticator::Need need_of(http::Access access) {
    switch (access) {
        case http::Access::anyone:
            return auth::Authenticator::Need::nothing;
        case http::Access::user:
            return auth::Authenticator::Need::user;
        case http::Access::operator_only:
        case http::Access::worker:  // answered before, by authenticate_worker
            return auth::Authenticator::Need::operator_;
    }
    return auth::Authenticator::Need::operator_;
}

}  // namespace

http::Router::Authenticate authenticate_requests(const auth::Authenticator& authenticator) {
    return [&authenticator](const http::Request& request, http::Access access) {
        try {
            if (access == http::Access::worker) return authenticator.authenticate_worker(header(request, "X-Worker-Token"));
            return authenticator.authenticate(need_of(access), header(request, "X-Operator-Token"),
                                              header(request, "x-api-key"));
        } catch (const auth::AuthError& error) {
            throw to_api_error(error);
        }
    };
}

}  // namespace dms::api
