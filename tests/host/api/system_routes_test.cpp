#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

TEST(SystemRoutesTest, HealthzAnswersOk) {
    TestHost host;
    Response response = host.client().get("/healthz");
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.json()["status"], "ok");
    EXPECT_EQ(response.header("Content-Type"), "application/json");
}

TEST(SystemRoutesTest, ReadyzIsReadyWithStoreAndPlugins) {
    TestHost host;
    Response response = host.client().get("/readyz");
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto body = response.json();
    EXPECT_EQ(body["status"], "ready");
    EXPECT_EQ(body["store"], "ok");
    EXPECT_EQ(body["plugins"], 2);
}

TEST(SystemRoutesTest, ReadyzIs503WithoutPlugins) {
    TestHost host([](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(root / "no-plugins", {});
    });
    Response response = host.client().get("/readyz");
    EXPECT_EQ(response.status, 503u) << response.describe();
    EXPECT_EQ(response.json()["status"], "not_ready");
    EXPECT_EQ(response.json()["plugins"], 0);
    EXPECT_EQ(host.client().get("/healthz").status, 200u);
}

// What /help says a user route needs.
const std::string kUserAuth = "x-api-key (DMS_AUTH_MODE=api-key)";

// Every route of the API: method, path, and whether it needs the operator token.
const std::set<std::tuple<std::string, std::string, std::string>> kRoutes = {
    {"GET", "/healthz", "none"},
    {"GET", "/readyz", "none"},
    {"GET", "/metrics", "none"},
    {"GET", "/ui", "none"},
    {"GET", "/ui/", "none"},
    {"GET", "/ui/{file}", "none"},
    {"GET", "/api/v1/help", "none"},
    {"GET", "/api/v1/openapi.json", "none"},
    {"GET", "/api/v1/services", "none"},
    {"GET", "/api/v1/services/{service}/users", kUserAuth},
    {"GET", "/api/v1/services/{service}/users/{user_id}/tasks", kUserAuth},
    {"POST", "/api/v1/services/{service}/users/{user_id}/tasks", kUserAuth},
    {"GET", "/api/v1/services/{service}/tasks/{task_id}", kUserAuth},
    {"POST", "/api/v1/services/{service}/tasks/{task_id}/cancel", kUserAuth},
    {"DELETE", "/api/v1/services/{service}/tasks/{task_id}", kUserAuth},
    {"GET", "/api/v1/admin/tasks", "X-Operator-Token"},
    {"GET", "/api/v1/admin/services/{service}/tasks", "X-Operator-Token"},
    {"GET", "/api/v1/admin/tasks/{task_id}", "X-Operator-Token"},
    {"POST", "/api/v1/admin/tasks/{task_id}/cancel", "X-Operator-Token"},
    {"POST", "/api/v1/admin/tasks/{task_id}/retry", "X-Operator-Token"},
    {"GET", "/api/v1/admin/dead-letters", "X-Operator-Token"},
    {"DELETE", "/api/v1/admin/tasks/{task_id}", "X-Operator-Token"},
    {"PUT", "/api/v1/admin/tasks/{task_id}/priority", "X-Operator-Token"},
    {"POST", "/api/v1/admin/block", "X-Operator-Token"},
    {"POST", "/api/v1/admin/unblock", "X-Operator-Token"},
    {"POST", "/api/v1/admin/users/{user_id}/block", "X-Operator-Token"},
    {"POST", "/api/v1/admin/users/{user_id}/unblock", "X-Operator-Token"},
    {"GET", "/api/v1/admin/blocks", "X-Operator-Token"},
    {"GET", "/api/v1/admin/stats", "X-Operator-Token"},
    {"POST", "/api/v1/admin/keys", "X-Operator-Token"},
    {"GET", "/api/v1/admin/keys", "X-Operator-Token"},
    {"GET", "/api/v1/admin/keys/{key_id}", "X-Operator-Token"},
    {"POST", "/api/v1/admin/keys/{key_id}/revoke", "X-Operator-Token"},
    {"GET", "/api/v1/admin/audit", "X-Operator-Token"},
    {"GET", "/api/v1/admin/audit/verify", "X-Operator-Token"},
    {"GET", "/api/v1/admin/services/paused", "X-Operator-Token"},
    {"POST", "/api/v1/admin/services/{service}/pause", "X-Operator-Token"},
    {"POST", "/api/v1/admin/services/{service}/resume", "X-Operator-Token"},
    {"POST", "/api/v1/services/{service}/users/{user_id}/templates", kUserAuth},
    {"GET", "/api/v1/services/{service}/users/{user_id}/templates", kUserAuth},
    {"GET", "/api/v1/services/{service}/users/{user_id}/templates/{template_id}", kUserAuth},
    {"PUT", "/api/v1/services/{service}/users/{user_id}/templates/{template_id}", kUserAuth},
    {"PATCH", "/api/v1/services/{service}/users/{user_id}/templates/{template_id}", kUserAuth},
    {"DELETE", "/api/v1/services/{service}/users/{user_id}/templates/{template_id}", kUserAuth},
    {"POST", "/api/v1/services/{service}/users/{user_id}/templates/{template_id}/enable", kUserAuth},
    {"POST", "/api/v1/services/{service}/users/{user_id}/templates/{template_id}/disable", kUserAuth},
    {"GET", "/api/v1/services/{service}/users/{user_id}/templates/{template_id}/preview", kUserAuth},
    {"GET", "/api/v1/admin/templates", "X-Operator-Token"},
    {"GET", "/api/v1/admin/templates/{template_id}", "X-Operator-Token"},
    {"PUT", "/api/v1/admin/templates/{template_id}", "X-Operator-Token"},
    {"PATCH", "/api/v1/admin/templates/{template_id}", "X-Operator-Token"},
    {"DELETE", "/api/v1/admin/templates/{template_id}", "X-Operator-Token"},
    {"POST", "/api/v1/admin/templates/{template_id}/enable", "X-Operator-Token"},
    {"POST", "/api/v1/admin/templates/{template_id}/disable", "X-Operator-Token"},
    {"GET", "/api/v1/admin/templates/{template_id}/preview", "X-Operator-Token"},
    {"POST", "/api/v1/workers/lease", "X-Worker-Token"},
    {"POST", "/api/v1/workers/tasks/{task_id}/heartbeat", "X-Worker-Token"},
    {"POST", "/api/v1/workers/tasks/{task_id}/log", "X-Worker-Token"},
    {"POST", "/api/v1/workers/tasks/{task_id}/progress", "X-Worker-Token"},
    {"POST", "/api/v1/workers/tasks/{task_id}/complete", "X-Worker-Token"},
    {"POST", "/api/v1/workers/tasks/{task_id}/fail", "X-Worker-Token"},
};

TEST(SystemRoutesTest, HelpListsEveryRouteWithItsAuth) {
    TestHost host;
    Response response = host.client().get("/api/v1/help");
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto body = response.json();
    std::set<std::tuple<std::string, std::string, std::string>> listed;
    for (const auto& route : body["routes"]) {
        listed.emplace(route["method"], route["path"], route["auth"]);
        EXPECT_FALSE(route["description"].get<std::string>().empty()) << route.dump();
    }
    EXPECT_EQ(listed, kRoutes);
    EXPECT_EQ(body["routes"].size(), kRoutes.size()) << "a route is listed twice";
    EXPECT_EQ(body["services"].size(), 2u);
    EXPECT_NE(body["log_format"].get<std::string>().find("UTC"), std::string::npos);
}

TEST(SystemRoutesTest, EveryRouteInHelpIsServed) {
    TestHost host;
    auto routes = host.client().get("/api/v1/help").json()["routes"];
    for (const auto& route : routes) {
        std::string path = std::regex_replace(route["path"].get<std::string>(), std::regex("\\{task_id\\}"),
                                              "00000000-0000-4000-8000-000000000000");
        path = std::regex_replace(path, std::regex("\\{file\\}"), "app.js");  // the dashboard's files
        path = std::regex_replace(path, std::regex("\\{[a-z_]+\\}"), "noop");
        if (path.find("/tasks/") != std::string::npos && path.find("/admin/") == std::string::npos)
            path += "?user_id=u";
        auto verb = boost::beast::http::string_to_verb(route["method"].get<std::string>());
        std::string body = route["method"] == "PUT" ? R"({"priority":"high"})" : "";
        Response response = host.client().request(verb, path, body, operator_headers());
        SCOPED_TRACE(route["method"].get<std::string>() + " " + path + " -> " + response.describe());
        EXPECT_NE(response.status, 405u);
        EXPECT_LT(response.status, 500u);
        if (response.status == 404) {
            const std::string message = response.json()["error"]["message"];
            EXPECT_TRUE(message.starts_with("no task") || message.starts_with("no API key") ||
                        message.starts_with("no template"))
                << message;
        }
    }
}

TEST(SystemRoutesTest, ServicesListsTheLoadedPluginsWithParameters) {
    TestHost host;
    Response response = host.client().get("/api/v1/services");
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto services = response.json()["services"];
    ASSERT_EQ(services.size(), 2u) << services.dump();
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& service : services) by_name[service["name"]] = service;
    ASSERT_TRUE(by_name.count("noop") && by_name.count("sleep")) << services.dump();
    const auto& sleep = by_name["sleep"];
    EXPECT_EQ(sleep["plugin"], "sleep");
    EXPECT_EQ(sleep["version"], "1.0.0");
    EXPECT_FALSE(sleep["description"].get<std::string>().empty());
    ASSERT_EQ(sleep["parameters"].size(), 1u) << sleep.dump();
    EXPECT_EQ(sleep["parameters"][0]["name"], "seconds");
    EXPECT_EQ(sleep["parameters"][0]["required"], true);
    EXPECT_EQ(by_name["noop"]["parameters"], nlohmann::json::array());
    EXPECT_EQ(by_name["noop"]["version"], "1.0.0");
}

TEST(SystemRoutesTest, ApiPrefixIsConfigurable) {
    TestHost host([](config::Config& config, const std::filesystem::path&) { config.api_prefix = "/dms/v2"; });
    EXPECT_EQ(host.client().get("/dms/v2/services").status, 200u);
    EXPECT_EQ(host.client().get("/api/v1/services").status, 404u);
    EXPECT_EQ(host.client().get("/healthz").status, 200u);
    Response submitted = host.client().post("/dms/v2/services/noop/users/u/tasks");
    ASSERT_EQ(submitted.status, 202u) << submitted.describe();
    EXPECT_EQ(submitted.header("Location").rfind("/dms/v2/services/noop/tasks/", 0), 0u)
        << submitted.header("Location");
}

}  // namespace
}  // namespace dms::test

namespace dms::test {
namespace {

// Plugins read settings through the ABI: the host's effective value (here a data directory given in the
// configuration, not the environment), and nothing for a name outside DMS_*.
TEST(PluginSettingsTest, APluginReadsTheHostsEffectiveSettings) {
    TestHost host([](config::Config& config, const std::filesystem::path& root) {
        config.plugin_dir = make_plugin_dir(root / "plugins", {test_plugin("echo", "echo")});
    });
    std::string id = host.submit("echo", "alice", "setting=DMS_DATA_DIR")["task_id"];
    auto task = host.wait_for_status("echo", "alice", id, "completed");
    EXPECT_EQ(task["result"]["setting"], std::filesystem::absolute(host.config().data_dir).string()) << task.dump();

    std::string other = host.submit("echo", "alice", "setting=HOME")["task_id"];
    EXPECT_TRUE(host.wait_for_status("echo", "alice", other, "completed")["result"]["setting"].is_null());
}

}  // namespace
}  // namespace dms::test
