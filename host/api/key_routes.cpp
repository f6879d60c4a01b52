#include "api/access_json.hpp"
#include "api/handler.hpp"
#include "api/routes.hpp"
#include "auth/key_manager.hpp"
#include "http/responses.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;

}  // namespace

void add_key_routes(http::Router& router, const ApiContext& api) {
    const std::string keys = api.prefix + "/admin/keys";

    router.add({Verb::post, keys, Access::operator_only,
                "Create an API key: body {\"tenant\", \"user_id\" or \"service\", \"permissions\": [submit, read, "
                "cancel, delete, admin], \"expires_at\" or \"expires_in_seconds\"}; the key is shown this once",
                immediate([&api](const RequestContext& context) {
                    auth::CreatedKey created =
                        api.keys.create(parse_key_request(context), context.caller(), context.remote_address());
                    nlohmann::json body = key_to_json(created.record, api.time);
                    body["key"] = created.key;
                    return http::json_response(context.request(), Status::created, body);
                })});

    router.add({Verb::get, keys, Access::operator_only, "Every API key (never its secret), oldest first; filter tenant",
                immediate([&api](const RequestContext& context) {
                    for (const auto& [name, value] : context.query()) {
                        if (name != "tenant") {
                            throw http::ApiError(Status::bad_request, "bad_request",
                                                 "unknown filter '" + name.substr(0, 64) + "'; the filter is tenant");
                        }
                    }
                    nlohmann::json listed = nlohmann::json::array();
                    for (const auto& key : api.keys.list(context.query_param("tenant"))) {
                        listed.push_back(key_to_json(key, api.time));
                    }
                    return http::json_response(context.request(), Status::ok, {{"keys", std::move(listed)}});
                })});

    router.add({Verb::get, keys + "/{key_id}", Access::operator_only, "One API key, never its secret",
                immediate([&api](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok,
                                               key_to_json(api.keys.get(context.path_param("key_id")), api.time));
                })});

    router.add({Verb::post, keys + "/{key_id}/revoke", Access::operator_only,
                "Revoke an API key: refused at once on every host; it stays listed as revoked",
                immediate([&api](const RequestContext& context) {
                    auto key =
                        api.keys.revoke(context.path_param("key_id"), context.caller(), context.remote_address());
                    return http::json_response(context.request(), Status::ok, key_to_json(key, api.time));
                })});
}

}  // namespace dms::api
