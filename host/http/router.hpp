#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_context.hpp"
#include "http/types.hpp"

namespace dms::http {

using Handler = std::function<Awaitable<Response>(const RequestContext&)>;

// Who may call a route.
enum class Access { anyone, operator_only };

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
// (with Allow), 401 operator token missing or wrong, 500 anything a handler did not expect.
class Router {
public:
    using TokenCheck = std::function<bool(std::string_view presented)>;

    explicit Router(TokenCheck operator_token_check) : operator_token_check_(std::move(operator_token_check)) {}

    void add(Route route);
    const std::vector<Route>& routes() const { return routes_; }

    Awaitable<Response> dispatch(const Request& request) const;

private:
    struct Pattern {
        std::vector<std::string> segments;  // literal text, or "{name}"
    };

    static Pattern compile(std::string_view path);
    static bool matches(const Pattern& pattern, const std::vector<std::string>& segments,
                        std::map<std::string, std::string, std::less<>>& params);

    TokenCheck operator_token_check_;
    std::vector<Route> routes_;
    std::vector<Pattern> patterns_;  // patterns_[i] belongs to routes_[i]
};

}  // namespace dms::http
