#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/api_error.hpp"
#include "http/request_context.hpp"
#include "http/types.hpp"

namespace dms::http {

using Handler = std::function<Awaitable<Response>(const RequestContext&)>;

// Who may call a route: anyone; a user (with DMS_AUTH_MODE=api-key, the holder of a valid x-api-key or the
// operator token; anyone otherwise); an operator (the operator token, or a key with 'admin'); an external worker (the
// worker token, X-Worker-Token, and only it).
enum class Access { anyone, operator_only, user, worker };

// One entry of the route table; the same table answers requests and describes the API in /help.
struct Route {
    Verb method;
    std::string path;  // e.g. "/api/v1/services/{service}/tasks/{task_id}"
    Access access = Access::anyone;
    std::string description;
    Handler handler;
};

// Matches a request to a route, checks the operator token where needed, and turns every failure into
// the JSON error model: 400 unparsable target, 404 no such path, 405 path known but not the method
// (with Allow), 401 operator token missing or wrong (or what the authenticator refuses: 401, 403), the exception
// mapper's answer for exceptions it knows (e.g. the store's failure), 500 anything else a handler did not expect.
class Router {
public:
    using TokenCheck = std::function<bool(std::string_view presented)>;
    // The answer to an exception a handler let through, or nothing for a 500. Runs on the request's thread.
    using ExceptionMapper = std::function<std::optional<ApiError>(const std::exception&)>;
    // Who is calling a route of this access; throws ApiError (401, 403) to refuse. Replaces the token check.
    using Authenticate = std::function<auth::Caller(const Request&, Access)>;

    static constexpr std::size_t kNoRoute = SIZE_MAX;

    explicit Router(TokenCheck operator_token_check) : operator_token_check_(std::move(operator_token_check)) {}

    void add(Route route);
    const std::vector<Route>& routes() const { return routes_; }

    // Set before serving.
    void map_exceptions(ExceptionMapper mapper) { exception_mapper_ = std::move(mapper); }
    void authenticate_with(Authenticate authenticate) { authenticate_ = std::move(authenticate); }

    // Answers the request. `request_id` goes to the handler's context and to the router's own log lines; when
    // `matched_route` is given it receives the index in routes() of the route that took the request, or kNoRoute.
    // `remote_address` is the client's, for the handler's context. All must outlive the returned awaitable.
    Awaitable<Response> dispatch(const Request& request, std::string_view request_id = {},
                                 std::size_t* matched_route = nullptr, std::string_view remote_address = {}) const;

private:
    struct Pattern {
        std::vector<std::string> segments;  // literal text, or "{name}"
    };

    static Pattern compile(std::string_view path);
    static bool matches(const Pattern& pattern, const std::vector<std::string>& segments,
                        std::map<std::string, std::string, std::less<>>& params);

    TokenCheck operator_token_check_;
    ExceptionMapper exception_mapper_;
    Authenticate authenticate_;
    std::vector<Route> routes_;
    std::vector<Pattern> patterns_;  // patterns_[i] belongs to routes_[i]
};

}  // namespace dms::http
