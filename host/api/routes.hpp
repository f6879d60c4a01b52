#pragma once

#include <filesystem>
#include <string>

#include "api/api_context.hpp"
#include "http/router.hpp"

namespace dms::api {

// Every route of the API, in the order /help lists them.
void add_system_routes(http::Router& router, const ApiContext& api);
void add_user_routes(http::Router& router, const ApiContext& api);
void add_admin_routes(http::Router& router, const ApiContext& api);
void add_service_admin_routes(http::Router& router, const ApiContext& api);  // pause, resume
void add_key_routes(http::Router& router, const ApiContext& api);
void add_audit_routes(http::Router& router, const ApiContext& api);
void add_template_routes(http::Router& router, const ApiContext& api);  // recurring templates, users' and all
void add_worker_routes(http::Router& router, const ApiContext& api);    // external workers (X-Worker-Token)

// The operator dashboard at /ui: the static files of `ui_dir` (DMS_UI_DIR); its page calls `api_prefix`.
void add_ui_routes(http::Router& router, const std::filesystem::path& ui_dir, const std::string& api_prefix);

inline void add_all_routes(http::Router& router, const ApiContext& api) {
    add_system_routes(router, api);
    add_user_routes(router, api);
    add_admin_routes(router, api);
    add_service_admin_routes(router, api);
    add_key_routes(router, api);
    add_audit_routes(router, api);
    add_template_routes(router, api);
    if (api.workers) add_worker_routes(router, api);
}

}  // namespace dms::api
