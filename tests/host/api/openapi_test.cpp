#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "http/router.hpp"
#include "openapi_schema.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using RouteKey = std::pair<std::string, std::string>;  // {"GET", "/api/v1/services"}

const std::set<std::string> kMethods = {"get", "put", "post", "delete", "patch", "head", "options"};

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

nlohmann::json fetch_document(TestHost& host, const std::string& prefix) {
    Response response = host.client().get(prefix + "/openapi.json");
    EXPECT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.header("Content-Type"), "application/json");
    return response.json();
}

// The full path a documented path answers at: the document's server URL (the prefix) before it, unless
// the path item has its own server "/" (the probes).
std::string full_path(const nlohmann::json& document, const std::string& path) {
    const nlohmann::json& item = document["paths"][path];
    if (item.contains("servers")) {
        EXPECT_EQ(item["servers"][0]["url"], "/") << path;
        return path;
    }
    return document["servers"][0]["url"].get<std::string>() + path;
}

// Every (method, path) the document describes, with the full path.
std::set<RouteKey> documented_routes(const nlohmann::json& document) {
    std::set<RouteKey> routes;
    for (const auto& [path, item] : document["paths"].items()) {
        for (const auto& [key, unused] : item.items()) {
            if (kMethods.contains(key)) routes.emplace(upper(key), full_path(document, path));
        }
    }
    return routes;
}

TEST(OpenApiSchemaTest, ReportsEveryWayAnAnswerMisfits) {
    OpenApiSchema schema(nlohmann::json::parse(R"({"components": {"schemas": {"Thing": {
        "type": "object", "additionalProperties": false, "required": ["name", "count"],
        "properties": {"name": {"type": "string", "enum": ["a", "b"]}, "count": {"type": "integer", "minimum": 0},
                       "when": {"type": "string", "nullable": true}, "tags": {"type": "array", "items": {"type": "string"}}}}}}})"));
    nlohmann::json thing = {{"$ref", "#/components/schemas/Thing"}};
    EXPECT_TRUE(schema.violations({{"name", "a"}, {"count", 1}, {"when", nullptr}, {"tags", {"x"}}}, thing).empty());
    EXPECT_EQ(schema.violations({{"name", "c"}, {"count", -1}, {"extra", 1}, {"tags", {1}}}, thing).size(), 4u);
    EXPECT_EQ(schema.violations({{"count", 1.5}}, thing).size(), 2u) << "name missing, count not an integer";
    EXPECT_EQ(schema.violations({{"name", nullptr}, {"count", 0}}, thing).size(), 1u);
    EXPECT_THROW(schema.violations({}, {{"$ref", "#/components/schemas/Nothing"}}), std::runtime_error);
    EXPECT_THROW(schema.violations({}, {{"oneOf", nlohmann::json::array()}}), std::runtime_error);
}

TEST(OpenApiTest, ServedWithTheHostsPrefixAndVersion) {
    TestHost host([](config::Config& config, const std::filesystem::path&) { config.api_prefix = "/custom/v9"; });
    nlohmann::json document = fetch_document(host, "/custom/v9");
    EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 4), "3.0.");
    EXPECT_EQ(document["servers"][0]["url"], "/custom/v9");
    EXPECT_EQ(document["info"]["version"], DMS_VERSION);
    // /help stays the short table, and lists the document's route among the others.
    auto help = host.client().get("/custom/v9/help").json();
    bool listed = false;
    for (const auto& route : help["routes"]) listed = listed || route["path"] == "/custom/v9/openapi.json";
    EXPECT_TRUE(listed) << help.dump();
}

TEST(OpenApiTest, EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
    TestHost host([](config::Config& config, const std::filesystem::path&) { config.api_prefix = "/custom/v9"; });
    nlohmann::json document = fetch_document(host, "/custom/v9");
    std::set<RouteKey> served;
    for (const http::Route& route : host.app().router().routes()) {
        served.emplace(std::string(http::beast_http::to_string(route.method)), route.path);
    }
    std::set<RouteKey> documented = documented_routes(document);
    for (const auto& route : served)
        EXPECT_TRUE(documented.contains(route)) << "undocumented: " << route.first << " " << route.second;
    for (const auto& route : documented)
        EXPECT_TRUE(served.contains(route)) << "no such route: " << route.first << " " << route.second;
    EXPECT_EQ(served.size(), host.app().router().routes().size()) << "a route is registered twice";
}

TEST(OpenApiTest, OperatorRoutesAndOnlyThoseNeedTheOperatorToken) {
    TestHost host;
    nlohmann::json document = fetch_document(host, std::string(kApi));
    const nlohmann::json& scheme = document["components"]["securitySchemes"]["operatorToken"];
    EXPECT_EQ(scheme["type"], "apiKey");
    EXPECT_EQ(scheme["in"], "header");
    EXPECT_EQ(scheme["name"], "X-Operator-Token");
    EXPECT_FALSE(document.contains("security")) << "the public routes need no token";

    std::map<RouteKey, nlohmann::json> operations;
    for (const auto& [path, item] : document["paths"].items()) {
        for (const auto& [key, operation] : item.items()) {
            if (kMethods.contains(key)) operations[{upper(key), full_path(document, path)}] = operation;
        }
    }
    for (const http::Route& route : host.app().router().routes()) {
        RouteKey key{std::string(http::beast_http::to_string(route.method)), route.path};
        ASSERT_TRUE(operations.contains(key)) << key.second;
        const nlohmann::json& operation = operations[key];
        if (route.access == http::Access::operator_only) {
            EXPECT_EQ(operation.value("security", nlohmann::json()),
                      nlohmann::json::parse(R"([{"operatorToken": []}])"))
                << key.second;
            EXPECT_TRUE(operation["responses"].contains("401")) << key.second;
        } else if (route.access == http::Access::user) {
            // An x-api-key with DMS_AUTH_MODE=api-key, or the operator token; nothing with DMS_AUTH_MODE=none.
            EXPECT_EQ(operation.value("security", nlohmann::json()),
                      nlohmann::json::parse(R"([{"apiKey": []}, {"operatorToken": []}, {}])"))
                << key.second;
            EXPECT_TRUE(operation["responses"].contains("401")) << key.second;
            EXPECT_TRUE(operation["responses"].contains("403")) << key.second;
        } else if (route.access == http::Access::worker) {
            EXPECT_EQ(operation.value("security", nlohmann::json()), nlohmann::json::parse(R"([{"workerToken": []}])"))
                << key.second;
            EXPECT_TRUE(operation["responses"].contains("401")) << key.second;
            EXPECT_TRUE(operation["responses"].contains("409")) << key.second;
        } else {
            EXPECT_FALSE(operation.contains("security")) << key.second;
        }
    }
}

TEST(OpenApiTest, PathParametersReferencesAndErrorAnswersAreComplete) {
    TestHost host;
    nlohmann::json document = fetch_document(host, std::string(kApi));
    OpenApiSchema schema(document);
    auto resolved = [&](const nlohmann::json& item) {
        return item.contains("$ref") ? schema.resolve(item["$ref"].get<std::string>()) : item;
    };
    const std::regex placeholder(R"(\{([a-z_]+)\})");
    for (const auto& [path, item] : document["paths"].items()) {
        std::set<std::string> in_path;
        for (std::sregex_iterator it(path.begin(), path.end(), placeholder), end; it != end; ++it)
            in_path.insert((*it)[1]);
        for (const auto& [key, operation] : item.items()) {
            if (!kMethods.contains(key)) continue;
            std::set<std::string> declared;
            for (const auto* list : {&item, &operation}) {
                for (const auto& parameter : list->value("parameters", nlohmann::json::array())) {
                    nlohmann::json p = resolved(parameter);
                    if (p["in"] == "path") {
                        declared.insert(p["name"].get<std::string>());
                        EXPECT_TRUE(p.value("required", false)) << path;
                    }
                }
            }
            EXPECT_EQ(declared, in_path) << key << " " << path;
            for (const auto& [status, answer] : operation["responses"].items()) {
                nlohmann::json response = resolved(answer);
                EXPECT_FALSE(response.value("description", "").empty()) << key << " " << path << " " << status;
                if (status == "204") continue;
                ASSERT_TRUE(response.contains("content")) << key << " " << path << " " << status;
                nlohmann::json body = response["content"]["application/json"]["schema"];
                if (status[0] == '4' || status == "default") {
                    EXPECT_EQ(body, nlohmann::json({{"$ref", "#/components/schemas/Error"}})) << key << " " << path;
                }
            }
        }
    }
    // Every reference anywhere in the document resolves.
    std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
        if (node.is_object() && node.contains("$ref")) {
            EXPECT_NO_THROW(schema.resolve(node["$ref"].get<std::string>()));
        }
        if (!node.is_structured()) return;
        for (const auto& child : node) walk(child);
    };
    walk(document);
}

}  // namespace
}  // namespace dms::test
