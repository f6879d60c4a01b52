#include "http/router.hpp"

#include <boost/algorithm/string/split.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "http/api_error.hpp"
#include "http/request_log_scope.hpp"
#include "http/responses.hpp"

namespace dms::http {
namespace {

constexpr std::string_view kOperatorTokenHeader = "X-Operator-Token";

bool is_placeholder(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(Route route) {
    patterns_.push_back(compile(route.path));
    routes_.push_back(std::move(route));
}

Router::Pattern Router::compile(std::string_view path) {
    // A route path is our own text, not a URL: "/a/{b}/c" splits on '/' into a, {b} and c.
    if (path.empty() || path.front() != '/') throw std::invalid_argument("route path must start with '/': " + std::string(path));
    Pattern pattern;
    boost::algorithm::split(pattern.segments, path.substr(1), [](char c) { return c == '/'; });
    return pattern;
}

bool Router::matches(const Pattern& pattern, const std::vector<std::string>& segments,
                     std::map<std::string, std::string, std::less<>>& params) {
    if (pattern.segments.size() != segments.size()) return false;
    std::map<std::string, std::string, std::less<>> found;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string& expected = pattern.segments[i];
        if (is_placeholder(expected)) {
            if (segments[i].empty()) return false;
            found[expected.substr(1, expected.size() - 2)] = segments[i];
        } else if (expected != segments[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

Awaitable<Response> Router::dispatch(const Request& request, std::string_view request_id,
                                     std::size_t* matched_route, std::string_view remote_address) const {
    if (matched_route) *matched_route = kNoRoute;
    try {
        auto url = boost::urls::parse_origin_form(request.target());
        if (!url) throw ApiError(Status::bad_request, "bad_request", "the request target is not a valid path");
        std::vector<std::string> segments;
        for (auto segment : url->segments()) segments.push_back(segment);

        std::string allowed;
        for (std::size_t i = 0; i < routes_.size(); ++i) {
            std::map<std::string, std::string, std::less<>> params;
            if (!matches(patterns_[i], segments, params)) continue;
            const Route& route = routes_[i];
            if (route.method != request.method()) {
                if (!allowed.empty()) allowed += ", ";
                allowed += std::string(beast_http::to_string(route.method));
                continue;
            }
            if (matched_route) *matched_route = i;
            auth::Caller caller;
            if (authenticate_) {
                caller = authenticate_(request, route.access);
            } else if (route.access == Access::worker) {
                throw ApiError(Status::unauthorized, "unauthorized", "worker routes need an authenticator");
            } else if (route.access == Access::operator_only) {
                caller = auth::Caller::operator_with_token();
                auto header = request.find(kOperatorTokenHeader);
                if (header == request.end()) {
                    throw ApiError(Status::unauthorized, "unauthorized", "this route needs the X-Operator-Token header");
                }
                if (!operator_token_check_({header->value().data(), header->value().size()})) {
                    throw ApiError(Status::unauthorized, "unauthorized", "the operator token is wrong");
                }
            }
            std::vector<std::pair<std::string, std::string>> query;
            for (auto param : url->params()) query.emplace_back(param.key, param.value);
            RequestContext context(request, std::move(params), std::move(query), request_id);
            context.set_caller(std::move(caller));
            context.set_remote_address(std::string(remote_address));
            co_return co_await route.handler(context);
        }
        if (!allowed.empty()) {
            Response response = error_response(request, Status::method_not_allowed, "method_not_allowed",
                                               "this path does not take " + std::string(request.method_string()) +
                                                   "; it takes " + allowed);
            response.set(beast_http::field::allow, allowed);
            co_return response;
        }
        throw ApiError(Status::not_found, "not_found", "no route for " + std::string(request.method_string()) + " " +
                                                           std::string(url->path()));
    } catch (const ApiError& error) {
        co_return error_response(request, error.status(), error.code(), error.what());
    } catch (const std::exception& error) {
        RequestLogScope log_scope(request_id);
        if (auto mapped = exception_mapper_ ? exception_mapper_(error) : std::nullopt) {
            spdlog::error("{} {} answered {}: {}", std::string(request.method_string()), std::string(request.target()),
                          static_cast<unsigned>(mapped->status()), error.what());
            co_return error_response(request, mapped->status(), mapped->code(), mapped->what());
        }
        spdlog::error("unexpected error on {} {}: {}", std::string(request.method_string()),
                      std::string(request.target()), error.what());
        co_return error_response(request, Status::internal_server_error, "internal", "internal error");
    }
}

}  // namespace dms::http
