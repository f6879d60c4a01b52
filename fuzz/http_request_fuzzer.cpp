// Raw bytes as the HTTP/1.1 requests of one connection, through what the host does before a store or a
// plugin sees them: Beast's parser with the server's limits (as http/session.cpp reads), the request id,
// then http::Router, without sockets. The routes are the dashboard's real ones (api/ui_routes.cpp) and
// routes shaped like the API's whose handlers run the real parsing (api/request_parsing.cpp, name checks,
// list cursors). Invariants: no crash or leak, no 500 (parsing let an unexpected exception through), every
// JSON answer parses, every request id is one we may echo, and /ui never serves a file from outside its folder.

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/parser.hpp>
#include <nlohmann/json.hpp>

#include "api/handler.hpp"
#include "api/request_parsing.hpp"
#include "api/routes.hpp"
#include "fuzz_check.hpp"
#include "http/request_id.hpp"
#include "http/responses.hpp"
#include "http/router.hpp"
#include "http/server_options.hpp"
#include "service/service_error.hpp"
#include "service/task_service.hpp"
#include "store/sqlite/read_queries.hpp"
#include "util/ids.hpp"

namespace {

using namespace dms;
using http::Access;
using http::RequestContext;
using http::Status;
using http::Verb;
namespace fs = std::filesystem;

constexpr std::string_view kOperatorToken = "fuzz-operator-token";  // also in http_request.dict
constexpr std::string_view kSecret = "DMS-FUZZ-SECRET";             // in every file /ui must not serve
constexpr int kMaxRequestsPerConnection = 4;

// A handler that answers 200 with what `parse` made of the request; service refusals map as in the host.
http::Handler parsing(std::function<nlohmann::json(const RequestContext&)> parse) {
    return api::translated(
        [parse = std::move(parse)](const RequestContext& context) -> http::Awaitable<http::Response> {
            co_return http::json_response(context.request(), Status::ok, parse(context));
        });
}

nlohmann::json submission(const RequestContext& context) {
    service::SubmitRequest request = api::parse_submission(context);
    service::TaskService::check_name("service", request.service);
    service::TaskService::check_name("user_id", request.user_id);
    return {{"parameters", request.parameters}, {"max_retries", request.max_retries.value_or(-1)}};
}

// The list query as the store would take it, cursor included (TaskService::list maps a bad one to 400).
nlohmann::json list_query(const RequestContext& context, bool operator_filters) {
    store::ListQuery query = api::parse_list_query(context, operator_filters);
    try {
        if (query.cursor) store::sqlite::decode_cursor(*query.cursor);
    } catch (const std::invalid_argument& error) {
        throw service::ServiceError(service::ErrorKind::bad_request, error.what());
    }
    return {{"limit", query.limit}};
}

// A task route of a user: the name checks, ?user_id= and the id's shape, as the handlers take them.
nlohmann::json user_task(const RequestContext& context) {
    service::TaskService::check_name("service", context.path_param("service"));
    std::string user_id = api::required_user_id(context);
    return {{"user_id", user_id}, {"task_id_shape", util::looks_like_task_id(context.path_param("task_id"))}};
}

// A dashboard folder with the real page's placeholder, and traps the route must refuse: a dotfile, a
// subfolder, and a symbolic link to a file beside the folder.
fs::path make_ui_folder() {
    const fs::path root = fuzz::temporary_folder("dms-http-fuzz");
    const fs::path ui = root / "ui";
    fs::create_directories(ui / "sub");
    std::ofstream(ui / "index.html") << "<html><script>const prefix = '__DMS_API_PREFIX__';</script></html>";
    std::ofstream(ui / "app.js") << "export const app = 1;";
    std::ofstream(ui / "style.css") << "body {}";
    std::ofstream(ui / ".secret") << kSecret;
    std::ofstream(ui / "sub" / "inner.js") << kSecret;
    std::ofstream(root / "outside.js") << kSecret;
    fs::create_symlink("../outside.js", ui / "escape.js");
    return ui;
}

http::Router make_router() {
    http::Router router([](std::string_view token) { return token == kOperatorToken; });
    const std::string prefix = "/api/v1";
    const std::string service = prefix + "/services/{service}";
    const std::string admin = prefix + "/admin";
    router.add({Verb::post, service + "/users/{user_id}/tasks", Access::anyone, "submit", parsing(submission)});
    router.add({Verb::get, service + "/users/{user_id}/tasks", Access::anyone, "list",
                parsing([](const RequestContext& c) { return list_query(c, false); })});
    router.add({Verb::get, service + "/users", Access::anyone, "users", parsing([](const RequestContext& c) {
                    service::TaskService::check_name("service", c.path_param("service"));
                    return nlohmann::json::object();
                })});
    router.add({Verb::get, service + "/tasks/{task_id}", Access::anyone, "get", parsing(user_task)});
    router.add({Verb::delete_, service + "/tasks/{task_id}", Access::anyone, "delete", parsing(user_task)});
    router.add({Verb::post, service + "/tasks/{task_id}/cancel", Access::anyone, "cancel", parsing(user_task)});
    router.add({Verb::get, admin + "/tasks", Access::operator_only, "admin list",
                parsing([](const RequestContext& c) { return list_query(c, true); })});
    router.add({Verb::put, admin + "/tasks/{task_id}/priority", Access::operator_only, "priority",
                parsing([](const RequestContext& c) {
                    return nlohmann::json{{"priority", static_cast<int>(api::parse_priority_body(c))}};
                })});
    router.add({Verb::post, admin + "/users/{user_id}/block", Access::operator_only, "block",
                parsing([](const RequestContext& c) {
                    service::TaskService::check_name("user_id", c.path_param("user_id"));
                    return nlohmann::json::object();
                })});
    api::add_ui_routes(router, make_ui_folder(), prefix);
    return router;
}

const http::Router& router() {
    static const http::Router instance = make_router();
    return instance;
}

// Runs the router on one parsed request, as the session does, and checks the answer.
void answer(const http::Request& request) {
    auto header = request.find(http::kRequestIdHeader);
    const std::string request_id = http::request_id_for(
        header == request.end() ? std::string_view()
                                : std::string_view(header->value().data(), header->value().size()));
    fuzz::require(http::is_acceptable_request_id(request_id), "a request id we would echo is not acceptable");

    static boost::asio::io_context io;
    std::optional<http::Response> response;
    boost::asio::co_spawn(io, router().dispatch(request, request_id),
                          [&response](std::exception_ptr error, http::Response answered) {
                              if (error) std::rethrow_exception(error);
                              response = std::move(answered);
                          });
    io.restart();
    io.run();
    fuzz::require(response.has_value(), "the router gave no answer");

    fuzz::require(response->result() != Status::internal_server_error, "500: parsing let an exception through");
    // Only a served file counts: error messages may echo the request, marker included.
    if (request.target().starts_with("/ui") && response->result() == Status::ok) {
        fuzz::require(response->body().find(kSecret) == std::string::npos, "/ui served a file from outside its folder");
    }
    if ((*response)[boost::beast::http::field::content_type] == "application/json") {
        fuzz::require(!nlohmann::json::parse(response->body(), nullptr, false).is_discarded(),
                      "a JSON answer does not parse");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);  // the router logs every refusal; millions of lines help no one
    router();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace beast_http = boost::beast::http;
    const http::ServerOptions limits;
    boost::asio::const_buffer rest(data, size);
    for (int i = 0; i < kMaxRequestsPerConnection && rest.size() > 0; ++i) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
        parser.body_limit(limits.max_body_bytes);
        parser.eager(true);
        boost::beast::error_code error;
        while (!error && !parser.is_done() && rest.size() > 0) {
            std::size_t used = parser.put(rest, error);
            rest += used;
            if (used == 0) break;
        }
        // Anything else is what the session answers 400/413/431 or waits on until its timeout.
        if (error || !parser.is_done()) return 0;
        answer(parser.get());
        if (!parser.get().keep_alive()) return 0;
    }
    return 0;
}
