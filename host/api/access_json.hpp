#pragma once

#include <nlohmann/json.hpp>

#include "auth/audit_trail.hpp"
#include "auth/key_manager.hpp"
#include "http/request_context.hpp"
#include "store/access_store.hpp"
#include "util/time_format.hpp"

namespace dms::api {

// A key as the admin routes show it: never its secret or hash; status active, expired or revoked.
nlohmann::json key_to_json(const store::ApiKeyRecord& key, const util::TimeFormatter& time);

// The body of POST /admin/keys: {"tenant", "user_id" | "service", "permissions": [...], "expires_at"
// (RFC 3339) | "expires_in_seconds"}. Unknown fields and wrong types are a 400.
auth::KeyRequest parse_key_request(const http::RequestContext& context);

nlohmann::json audit_record_json(const store::AuditRecord& record, const util::TimeFormatter& time);
nlohmann::json audit_page_json(const store::AuditPage& page, const util::TimeFormatter& time);
nlohmann::json chain_check_json(const auth::ChainCheck& check);

// The filters of GET /admin/audit: action, actor_key_id, target, since, until (RFC 3339), limit, cursor.
store::AuditQuery parse_audit_query(const http::RequestContext& context);

}  // namespace dms::api
