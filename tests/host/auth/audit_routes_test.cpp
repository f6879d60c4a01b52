// The audit trail over HTTP: every operator action recorded with who, when, what and from where; filters; no way
// to erase; the chain check.
#include <gtest/gtest.h>

#include "access_fixture.hpp"

namespace dms::test {
namespace {

class AuditRoutesTest : public AccessFixture, public ::testing::Test {
 protected:
    nlohmann::json records(std::string_view query = "") {
        Response response = host_.admin_get("/admin/audit" + std::string(query));
        EXPECT_EQ(response.status, 200u) << response.describe();
        return response.json()["records"];
    }
};

TEST_F(AuditRoutesTest, EveryOperatorActionIsRecordedWithWhoWhenWhatAndWhere) {
    std::string alice = user_key("acme", "alice");
    nlohmann::json ops = create_key({{"tenant", "acme"}, {"user_id", "olga"}, {"permissions", {"admin"}}});
    std::string ops_key = ops["key"];
    std::string ops_id = ops["key_id"];
    std::string first = scheduled_task(alice, "alice");
    std::string second = scheduled_task(alice, "alice");
    std::string third = scheduled_task(alice, "alice");

    ASSERT_EQ(host_.admin_post("/admin/users/bob/block").status, 200u);
    ASSERT_EQ(host_.admin_post("/admin/users/bob/unblock").status, 200u);
    ASSERT_EQ(host_.admin_post("/admin/block").status, 200u);
    ASSERT_EQ(host_.admin_post("/admin/unblock").status, 200u);
    ASSERT_EQ(host_.admin_put("/admin/tasks/" + first + "/priority", R"({"priority": "high"})").status, 200u);
    ASSERT_EQ(host_.client().post("/api/v1/admin/tasks/" + first + "/cancel", "", key_headers(ops_key)).status, 200u);
    ASSERT_EQ(host_.admin_del("/admin/tasks/" + first).status, 204u);
    // An operator key on the user routes, on someone else's task: audited too.
    ASSERT_EQ(
        host_.client().post(TestHost::task_path("sleep", second, "alice", "/cancel"), "", key_headers(ops_key)).status,
        200u);
    ASSERT_EQ(host_.client().del(TestHost::task_path("sleep", third, "alice"), key_headers(ops_key)).status, 204u);
    // The user's own cancel is no operator action.
    std::string own = scheduled_task(alice, "alice");
    ASSERT_EQ(host_.client().post(TestHost::task_path("sleep", own, "alice", "/cancel"), "", key_headers(alice)).status,
              200u);

    nlohmann::json all = records();
    std::vector<std::string> actions;
    for (auto it = all.rbegin(); it != all.rend(); ++it) actions.push_back((*it)["action"]);
    EXPECT_EQ(actions, (std::vector<std::string>{"key.create", "key.create", "user.block", "user.unblock",
                                                 "submissions.block", "submissions.unblock", "task.priority",
                                                 "task.cancel", "task.delete", "task.cancel", "task.delete"}));
    const nlohmann::json& by_key = all[3];  // the operator key's cancel on the admin route
    EXPECT_EQ(by_key["action"], "task.cancel");
    EXPECT_EQ(by_key["target"], first);
    EXPECT_EQ(by_key["actor_key_id"], ops_id);
    EXPECT_EQ(by_key["actor"], "key " + ops_id + " (olga@acme)");
    EXPECT_EQ(by_key["address"], "127.0.0.1");
    EXPECT_EQ(by_key["details"]["user_id"], "alice");
    EXPECT_FALSE(by_key["at"].get<std::string>().empty());
    EXPECT_EQ(all.back()["actor"], "operator token");
    EXPECT_TRUE(all.back()["actor_key_id"].is_null());
    EXPECT_EQ(all[4]["details"]["priority"], "high");
    for (std::size_t i = 0; i + 1 < all.size(); ++i) EXPECT_EQ(all[i]["prev_hash"], all[i + 1]["hash"]);

    EXPECT_EQ(records("?action=task.delete").size(), 2u);
    EXPECT_EQ(records("?actor_key_id=" + ops_id).size(), 3u);
    EXPECT_EQ(records("?target=bob").size(), 2u);
    EXPECT_EQ(records("?since=2099-01-01T00:00:00Z").size(), 0u);
    EXPECT_EQ(records("?until=2099-01-01T00:00:00Z").size(), all.size());

    Response verified = host_.admin_get("/admin/audit/verify");
    ASSERT_EQ(verified.status, 200u);
    EXPECT_EQ(verified.json()["intact"], true);
    EXPECT_EQ(verified.json()["records"], all.size());
}

TEST_F(AuditRoutesTest, PagesFollowTheCursorAndBadFiltersAreRefused) {
    for (int i = 0; i < 5; ++i) host_.admin_post("/admin/users/u" + std::to_string(i) + "/block");
    Response page = host_.admin_get("/admin/audit?limit=2");
    ASSERT_EQ(page.json()["records"].size(), 2u);
    std::string cursor = page.json()["next_cursor"];
    Response rest = host_.admin_get("/admin/audit?limit=10&cursor=" + cursor);
    ASSERT_EQ(rest.json()["records"].size(), 3u);
    EXPECT_TRUE(rest.json()["next_cursor"].is_null());
    EXPECT_EQ(rest.json()["records"][0]["target"], "u2");
    for (std::string query : {"?limit=0", "?limit=abc", "?limit=1001", "?cursor=x", "?since=yesterday", "?who=me"}) {
        Response response = host_.admin_get("/admin/audit" + query);
        EXPECT_EQ(response.status, 400u) << query;
        EXPECT_EQ(response.error_code(), "bad_request") << query;
    }
}

TEST_F(AuditRoutesTest, NothingErasesARecord) {
    host_.admin_post("/admin/block");
    for (auto method :
         {boost::beast::http::verb::delete_, boost::beast::http::verb::put, boost::beast::http::verb::post}) {
        Response response = host_.client().request(method, "/api/v1/admin/audit", "", operator_headers());
        EXPECT_EQ(response.status, 405u) << response.describe();
    }
    EXPECT_EQ(host_.client()
                  .request(boost::beast::http::verb::delete_, "/api/v1/admin/audit/1", "", operator_headers())
                  .status,
              404u);
    EXPECT_EQ(records().size(), 1u);
}

}  // namespace
}  // namespace dms::test
