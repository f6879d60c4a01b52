// Every route against every kind of caller, with DMS_AUTH_MODE=api-key: the status each gets, and that what a
// refused caller aimed at is exactly as it was.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "access_fixture.hpp"

namespace dms::test {
namespace {

using boost::beast::http::verb;

enum class Who {
    no_key,
    wrong_key,
    malformed_key,
    expired_key,
    revoked_key,
    own_user,
    other_user,
    other_tenant,
    operator_key,
    operator_token
};

constexpr Who kEveryone[] = {Who::no_key,       Who::wrong_key,     Who::malformed_key, Who::expired_key,
                             Who::revoked_key,  Who::own_user,      Who::other_user,    Who::other_tenant,
                             Who::operator_key, Who::operator_token};

const char* name_of(Who who) {
    switch (who) {
        case Who::no_key:
            return "no key";
        case Who::wrong_key:
            return "wrong key";
        case Who::malformed_key:
            return "malformed key";
        case Who::expired_key:
            return "expired key";
        case Who::revoked_key:
            return "revoked key";
        case Who::own_user:
            return "own user";
        case Who::other_user:
            return "other user";
        case Who::other_tenant:
            return "other tenant";
        case Who::operator_key:
            return "operator key";
        case Who::operator_token:
            return "operator token";
    }
    return "?";
}

bool refused_at_the_door(Who who) {
    return who == Who::no_key || who == Who::wrong_key || who == Who::malformed_key || who == Who::expired_key ||
           who == Who::revoked_key;
}

// alice@acme owns the tasks; bob@acme is another user of her tenant, carol@globex of another tenant.
class AuthorizationMatrixTest : public AccessFixture, public ::testing::Test {
 protected:
    void SetUp() override {
        alice_ = user_key("acme", "alice");
        bob_ = user_key("acme", "bob");
        carol_ = user_key("globex", "carol");
        operator_key_ = user_key("acme", "olga", {"admin"});
        expired_ = create_key({{"tenant", "acme"},
                               {"user_id", "alice"},
                               {"permissions", {"read", "cancel", "delete", "submit"}},
                               {"expires_in_seconds", 1}})["key"];
        std::string revoked = user_key("acme", "alice");
        revoked_ = revoked;
        auto id = revoked.substr(4, 16);
        ASSERT_EQ(host_.admin_post("/admin/keys/" + id + "/revoke").status, 200u);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the expired key's second runs out
    }

    Headers headers(Who who) const {
        switch (who) {
            case Who::no_key:
                return {};
            case Who::wrong_key:
                return key_headers("dms_0123456789abcdef_" + std::string(64, '7'));
            case Who::malformed_key:
                return key_headers("dms_not-a-key");
            case Who::expired_key:
                return key_headers(expired_);
            case Who::revoked_key:
                return key_headers(revoked_);
            case Who::own_user:
                return key_headers(alice_);
            case Who::other_user:
                return key_headers(bob_);
            case Who::other_tenant:
                return key_headers(carol_);
            case Who::operator_key:
                return key_headers(operator_key_);
            case Who::operator_token:
                return operator_headers();
        }
        return {};
    }

    // The status a caller gets on a route aimed at alice's tasks: 401 at the door, 404 for someone else's.
    static unsigned expected(Who who, unsigned success) {
        if (refused_at_the_door(who)) return 401;
        if (who == Who::other_user || who == Who::other_tenant) return 404;
        return success;
    }

    nlohmann::json task_as_operator(const std::string& id) {
        Response response = host_.admin_get("/admin/tasks/" + id);
        return response.status == 200 ? response.json() : nlohmann::json();
    }

    std::size_t alice_task_count() { return host_.admin_get("/admin/tasks?user_id=alice").json()["tasks"].size(); }

    std::string alice_, bob_, carol_, operator_key_, expired_, revoked_;
};

TEST_F(AuthorizationMatrixTest, ReadingATask) {
    std::string task = scheduled_task(alice_, "alice");
    for (Who who : kEveryone) {
        Response response = host_.client().get(TestHost::task_path("sleep", task, "alice"), headers(who));
        EXPECT_EQ(response.status, expected(who, 200)) << name_of(who) << ": " << response.describe();
        if (response.status == 404 || response.status == 401) {
            EXPECT_EQ(response.body.find(task), std::string::npos) << name_of(who) << " saw the task";
            EXPECT_EQ(response.body.find("sleep"), std::string::npos) << name_of(who);
        }
    }
    // Whatever the URL says: bob naming himself still does not reach alice's task.
    Response own_url = host_.client().get(TestHost::task_path("sleep", task, "bob"), key_headers(bob_));
    EXPECT_EQ(own_url.status, 404u) << own_url.describe();
    // A user's key needs no ?user_id=: the key says who.
    Response implicit = host_.client().get("/api/v1/services/sleep/tasks/" + task, key_headers(alice_));
    EXPECT_EQ(implicit.status, 200u) << implicit.describe();
}

TEST_F(AuthorizationMatrixTest, ListingTasksAndUsers) {
    std::string task = scheduled_task(alice_, "alice");
    scheduled_task(carol_, "carol");
    for (Who who : kEveryone) {
        Response response = host_.client().get(TestHost::tasks_path("sleep", "alice"), headers(who));
        EXPECT_EQ(response.status, expected(who, 200)) << name_of(who) << ": " << response.describe();
        if (response.status == 200) EXPECT_EQ(response.json()["tasks"].size(), 1u) << name_of(who);
        if (response.status != 200) EXPECT_EQ(response.body.find(task), std::string::npos) << name_of(who);

        Response users = host_.client().get("/api/v1/services/sleep/users", headers(who));
        if (refused_at_the_door(who)) {
            EXPECT_EQ(users.status, 401u) << name_of(who);
            continue;
        }
        ASSERT_EQ(users.status, 200u) << name_of(who) << ": " << users.describe();
        auto listed = users.json()["users"];
        bool sees_alice = std::find(listed.begin(), listed.end(), "alice") != listed.end();
        bool sees_carol = std::find(listed.begin(), listed.end(), "carol") != listed.end();
        bool is_operator = who == Who::operator_key || who == Who::operator_token;
        EXPECT_EQ(sees_alice, who == Who::own_user || is_operator) << name_of(who) << ": " << listed;
        EXPECT_EQ(sees_carol, who == Who::other_tenant || is_operator) << name_of(who) << ": " << listed;
    }
}

TEST_F(AuthorizationMatrixTest, Submitting) {
    for (Who who : kEveryone) {
        std::size_t before = alice_task_count();
        Response response = host_.client().post(TestHost::tasks_path("sleep", "alice"), kFarFuture, headers(who));
        EXPECT_EQ(response.status, expected(who, 202)) << name_of(who) << ": " << response.describe();
        EXPECT_EQ(alice_task_count(), before + (response.status == 202 ? 1 : 0)) << name_of(who);
    }
}

TEST_F(AuthorizationMatrixTest, Cancelling) {
    for (Who who : kEveryone) {
        std::string task = scheduled_task(alice_, "alice");
        Response response =
            host_.client().post(TestHost::task_path("sleep", task, "alice", "/cancel"), "", headers(who));
        EXPECT_EQ(response.status, expected(who, 200)) << name_of(who) << ": " << response.describe();
        EXPECT_EQ(task_as_operator(task)["status"], response.status == 200 ? "cancelled" : "scheduled") << name_of(who);
    }
}

TEST_F(AuthorizationMatrixTest, Deleting) {
    for (Who who : kEveryone) {
        std::string task = scheduled_task(alice_, "alice");
        Response response = host_.client().del(TestHost::task_path("sleep", task, "alice"), headers(who));
        EXPECT_EQ(response.status, expected(who, 204)) << name_of(who) << ": " << response.describe();
        EXPECT_EQ(task_as_operator(task).is_null(), response.status == 204) << name_of(who);
    }
}

TEST_F(AuthorizationMatrixTest, APermissionTheKeyLacksIsForbidden) {
    std::string reader = user_key("acme", "alice", {"read"});
    std::string task = scheduled_task(alice_, "alice");
    EXPECT_EQ(host_.client().get(TestHost::task_path("sleep", task, "alice"), key_headers(reader)).status, 200u);
    Response cancel =
        host_.client().post(TestHost::task_path("sleep", task, "alice", "/cancel"), "", key_headers(reader));
    EXPECT_EQ(cancel.status, 403u) << cancel.describe();
    EXPECT_EQ(cancel.error_code(), "forbidden");
    EXPECT_EQ(host_.client().del(TestHost::task_path("sleep", task, "alice"), key_headers(reader)).status, 403u);
    EXPECT_EQ(host_.client().post(TestHost::tasks_path("sleep", "alice"), kFarFuture, key_headers(reader)).status,
              403u);
    EXPECT_EQ(task_as_operator(task)["status"], "scheduled");
}

TEST_F(AuthorizationMatrixTest, OperatorRoutes) {
    auto routes = host_.client().get("/api/v1/help").json()["routes"];
    const std::string blocks_before = host_.admin_get("/admin/blocks").body;
    const std::size_t keys_before = host_.admin_get("/admin/keys").json()["keys"].size();
    const std::size_t audit_before = host_.admin_get("/admin/audit?limit=1000").json()["records"].size();
    int checked = 0;
    for (const auto& route : routes) {
        if (route["auth"] != "X-Operator-Token") continue;
        std::string path = std::regex_replace(route["path"].get<std::string>(), std::regex("\\{[a-z_]+\\}"), "x");
        auto method = boost::beast::http::string_to_verb(route["method"].get<std::string>());
        for (Who who : kEveryone) {
            if (who == Who::operator_key || who == Who::operator_token) continue;
            Response response = host_.client().request(method, path, "{}", headers(who));
            EXPECT_EQ(response.status, refused_at_the_door(who) ? 401u : 403u)
                << name_of(who) << " " << route["method"] << " " << path << ": " << response.describe();
        }
        if (method == verb::get) {
            Response response = host_.client().request(method, path, "", headers(Who::operator_key));
            EXPECT_TRUE(response.status == 200 || response.status == 404) << path << ": " << response.describe();
        }
        ++checked;
    }
    EXPECT_GE(checked, 18);
    EXPECT_EQ(host_.admin_get("/admin/blocks").body, blocks_before) << "a refused block changed something";
    EXPECT_EQ(host_.admin_get("/admin/keys").json()["keys"].size(), keys_before);
    EXPECT_EQ(host_.admin_get("/admin/audit?limit=1000").json()["records"].size(), audit_before);
}

TEST_F(AuthorizationMatrixTest, PublicRoutesNeedNothing) {
    for (std::string path :
         {"/healthz", "/readyz", "/metrics", "/api/v1/help", "/api/v1/openapi.json", "/api/v1/services"}) {
        for (Who who : kEveryone) {
            EXPECT_EQ(host_.client().get(path, headers(who)).status, 200u) << name_of(who) << " " << path;
        }
    }
}

TEST_F(AuthorizationMatrixTest, AServiceAccountActsForUsersOfItsTenantInItsService) {
    std::string account =
        create_key({{"tenant", "acme"}, {"service", "sleep"}, {"permissions", {"submit", "read", "cancel"}}})["key"];
    std::string task = scheduled_task(account, "alice");
    EXPECT_EQ(host_.client().get(TestHost::task_path("sleep", task, "alice"), key_headers(account)).status, 200u);
    EXPECT_EQ(host_.client().post(TestHost::tasks_path("sleep", "carol"), kFarFuture, key_headers(account)).status,
              404u)
        << "carol belongs to globex";
    EXPECT_EQ(host_.client().post(TestHost::tasks_path("noop", "alice"), "", key_headers(account)).status, 404u)
        << "another service";
    scheduled_task(account, "dave");  // binds dave to acme
    Response other_tenant =
        host_.admin_post("/admin/keys", R"({"tenant": "globex", "user_id": "dave", "permissions": ["read"]})");
    EXPECT_EQ(other_tenant.status, 409u) << other_tenant.describe();
    Response missing_user = host_.client().get("/api/v1/services/sleep/tasks/" + task, key_headers(account));
    EXPECT_EQ(missing_user.status, 400u) << missing_user.describe();
}

}  // namespace
}  // namespace dms::test
