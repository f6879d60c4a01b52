// The admin key routes: creation shows the key once, listing never shows a secret, revocation is at once, and
// every bad request is a clear 4xx that changes nothing.
#include <gtest/gtest.h>

#include "access_fixture.hpp"

namespace dms::test {
namespace {

class KeyRoutesTest : public AccessFixture, public ::testing::Test {};

TEST_F(KeyRoutesTest, AKeyIsShownOnceAndStoredOnlyAsAHash) {
    nlohmann::json created = create_key({{"tenant", "acme"},
                                         {"user_id", "alice"},
                                         {"permissions", {"read", "submit"}},
                                         {"expires_at", "2099-01-01T00:00:00Z"}});
    std::string key = created["key"];
    EXPECT_EQ(key.rfind("dms_" + created["key_id"].get<std::string>() + "_", 0), 0u) << key;
    EXPECT_EQ(created["permissions"], nlohmann::json({"submit", "read"}));
    EXPECT_EQ(created["status"], "active");
    EXPECT_EQ(created["user_id"], "alice");
    EXPECT_TRUE(created["service"].is_null());
    EXPECT_EQ(created["expires_at"].get<std::string>().rfind("2099-01-01T00:00:00", 0), 0u) << created["expires_at"];
    EXPECT_EQ(created["created_by"], "operator token");

    std::string secret = key.substr(4 + 16 + 1);
    Response listed = host_.admin_get("/admin/keys");
    ASSERT_EQ(listed.status, 200u);
    EXPECT_EQ(listed.json()["keys"].size(), 1u);
    EXPECT_EQ(listed.body.find(secret), std::string::npos);
    EXPECT_FALSE(listed.json()["keys"][0].contains("key"));
    Response one = host_.admin_get("/admin/keys/" + created["key_id"].get<std::string>());
    EXPECT_EQ(one.status, 200u);
    EXPECT_EQ(one.body.find(secret), std::string::npos);
    EXPECT_EQ(host_.admin_get("/admin/keys?tenant=globex").json()["keys"].size(), 0u);
    EXPECT_EQ(host_.client().get(TestHost::tasks_path("sleep", "alice"), key_headers(key)).status, 200u);
}

TEST_F(KeyRoutesTest, ARevokedKeyIsRefusedAtOnce) {
    nlohmann::json created = create_key({{"tenant", "acme"}, {"user_id", "alice"}, {"permissions", {"read"}}});
    std::string id = created["key_id"];
    ASSERT_EQ(host_.client()
                  .get(TestHost::tasks_path("sleep", "alice"), key_headers(created["key"].get<std::string>()))
                  .status,
              200u);
    Response revoked = host_.admin_post("/admin/keys/" + id + "/revoke");
    ASSERT_EQ(revoked.status, 200u) << revoked.describe();
    EXPECT_EQ(revoked.json()["status"], "revoked");
    Response refused =
        host_.client().get(TestHost::tasks_path("sleep", "alice"), key_headers(created["key"].get<std::string>()));
    EXPECT_EQ(refused.status, 401u);
    EXPECT_NE(refused.body.find("revoked"), std::string::npos) << refused.describe();
    EXPECT_EQ(host_.admin_post("/admin/keys/" + id + "/revoke").status, 409u);
    EXPECT_EQ(host_.admin_post("/admin/keys/0000000000000000/revoke").status, 404u);
    EXPECT_EQ(host_.admin_get("/admin/keys/not-a-key-id").status, 404u);
}

TEST_F(KeyRoutesTest, BadRequestsAreClearFourHundredsAndCreateNothing) {
    const std::pair<const char*, unsigned> cases[] = {
        {"not json", 400},
        {"[]", 400},
        {R"({"user_id": "alice", "permissions": ["read"]})", 400},
        {R"({"tenant": "acme", "permissions": ["read"]})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "service": "copy", "permissions": ["read"]})", 400},
        {R"({"tenant": "acme", "user_id": "alice"})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": []})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": ["fly"]})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": "read"})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": [1]})", 400},
        {R"({"tenant": "ac me", "user_id": "alice", "permissions": ["read"]})", 400},
        {R"({"tenant": "acme", "user_id": "al/ice", "permissions": ["read"]})", 400},
        {R"({"tenant": 7, "user_id": "alice", "permissions": ["read"]})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": ["read"], "expires_at": "tomorrow"})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": ["read"], "expires_at": "2001-01-01T00:00:00Z"})",
         400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": ["read"], "expires_in_seconds": 0})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": ["read"], "expires_in_seconds": 1.5})", 400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": ["read"], "expires_in_seconds": 5,
             "expires_at": "2099-01-01T00:00:00Z"})",
         400},
        {R"({"tenant": "acme", "user_id": "alice", "permissions": ["read"], "owner": "me"})", 400},
    };
    for (const auto& [body, status] : cases) {
        Response response = host_.admin_post("/admin/keys", body);
        EXPECT_EQ(response.status, status) << body << ": " << response.describe();
        EXPECT_EQ(response.error_code(), "bad_request") << body;
        EXPECT_FALSE(response.json()["error"]["message"].get<std::string>().empty());
    }
    EXPECT_EQ(host_.admin_get("/admin/keys").json()["keys"].size(), 0u);
    EXPECT_EQ(host_.admin_get("/admin/keys?owner=x").status, 400u);
    user_key("acme", "alice");
    Response other_tenant =
        host_.admin_post("/admin/keys", R"({"tenant": "globex", "user_id": "alice", "permissions": ["read"]})");
    EXPECT_EQ(other_tenant.status, 409u) << "alice belongs to acme";
}

TEST_F(KeyRoutesTest, AMalformedKeyHeaderIsAClearUnauthorized) {
    for (std::string key : {std::string(), std::string("bearer"), std::string("dms_x_y"),
                            "dms_0123456789abcdef_" + std::string(64, 'z')}) {
        Response response = host_.client().get(TestHost::tasks_path("sleep", "alice"), key_headers(key));
        EXPECT_EQ(response.status, 401u) << key;
        EXPECT_EQ(response.error_code(), "unauthorized");
    }
}

TEST(KeyModeNoneTest, WithoutApiKeyModeUserRoutesStayOpenAndKeysAreIgnored) {
    TestHost host;
    EXPECT_EQ(host.client().get(TestHost::tasks_path("sleep", "alice")).status, 200u);
    Response created =
        host.admin_post("/admin/keys", R"({"tenant": "acme", "user_id": "ops", "permissions": ["admin"]})");
    ASSERT_EQ(created.status, 201u) << created.describe();
    Response admin_by_key =
        host.client().get("/api/v1/admin/blocks", key_headers(created.json()["key"].get<std::string>()));
    EXPECT_EQ(admin_by_key.status, 401u) << "with DMS_AUTH_MODE=none only the operator token opens the admin routes";
}

}  // namespace
}  // namespace dms::test
