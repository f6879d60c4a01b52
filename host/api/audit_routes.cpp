#include "api/access_json.hpp"
#include "api/handler.hpp"
#include "api/routes.hpp"
#include "auth/audit_trail.hpp"
#include "http/responses.hpp"

namespace dms::api {
namespace {

using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;

}  // namespace

void add_audit_routes(http::Router& router, const ApiContext& api) {
    const std::string audit = api.prefix + "/admin/audit";

    router.add({Verb::get, audit, Access::operator_only,
                "Operator actions, newest first, each with the hash of the one before; filters action, "
                "actor_key_id, target, since, until, limit, cursor",
                immediate([&api](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok,
                                               audit_page_json(api.audit.list(parse_audit_query(context)), api.time));
                })});

    router.add({Verb::get, audit + "/verify", Access::operator_only,
                "Check the audit chain: every record present, unchanged and in order",
                immediate([&api](const RequestContext& context) {
                    return http::json_response(context.request(), Status::ok, chain_check_json(api.audit.verify()));
                })});
}

}  // namespace dms::api
