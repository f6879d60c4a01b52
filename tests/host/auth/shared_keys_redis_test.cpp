// Two hosts sharing one Redis: a key made on one works on the other, and a revocation on one is refused by the
// other at its very next request; their audit records form one chain.
#include <gtest/gtest.h>

#include <optional>

#include "access_fixture.hpp"
#include "support/redis_server.hpp"

namespace dms::test {
namespace {

TEST(SharedKeysRedisTest, ARevocationOnOneHostIsRefusedAtOnceOnAnother) {
    RedisServer redis;
    auto on_redis = [&redis](config::Config& config, const std::filesystem::path&) {
        config.auth_mode = "api-key";
        config.store = "redis";
        config.redis_write_url = redis.url(0);
    };
    TestHost first(on_redis);
    TestHost second(on_redis);
    Response created =
        first.admin_post("/admin/keys", R"({"tenant": "acme", "user_id": "alice", "permissions": ["read", "submit"]})");
    ASSERT_EQ(created.status, 201u) << created.describe();
    std::string key = created.json()["key"];
    std::string id = created.json()["key_id"];
    Response before = second.client().get(TestHost::tasks_path("sleep", "alice"), key_headers(key));
    EXPECT_EQ(before.status, 200u) << before.describe();

    ASSERT_EQ(first.admin_post("/admin/keys/" + id + "/revoke").status, 200u);
    Response after = second.client().get(TestHost::tasks_path("sleep", "alice"), key_headers(key));
    EXPECT_EQ(after.status, 401u) << after.describe();

    second.admin_post("/admin/users/bob/block");
    Response audit = first.admin_get("/admin/audit");
    ASSERT_EQ(audit.json()["records"].size(), 3u) << audit.describe();
    Response verified = second.admin_get("/admin/audit/verify");
    EXPECT_EQ(verified.json()["intact"], true) << verified.describe();
    EXPECT_EQ(verified.json()["records"], 3);
}

}  // namespace
}  // namespace dms::test
