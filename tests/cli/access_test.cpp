// dmsctl admin keys and admin audit against a real host.
#include "dmsctl_fixture.hpp"

namespace dms::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::map<std::string, std::string> kToken = {{"DMS_OPERATOR_TOKEN", "test-token"}};

TEST_F(DmsctlTest, AdminKeysAreCreatedListedAndRevoked) {
    nlohmann::json key = dmsctl_json({"admin", "keys", "create", "--tenant", "acme", "--user", "alice", "--permission",
                                      "submit,read", "--expires-in", "3600"},
                                     kToken);
    std::string id = key["key_id"];
    EXPECT_EQ(key["key"].get<std::string>().rfind("dms_" + id + "_", 0), 0u);
    EXPECT_EQ(key["permissions"], nlohmann::json({"submit", "read"}));
    DmsctlRun human =
        dmsctl({"admin", "keys", "create", "--tenant", "acme", "--service", "sleep", "--permission", "read"}, kToken);
    ASSERT_EQ(human.exit_code, 0) << human.err;
    EXPECT_TRUE(contains(human.out, "service sleep@acme")) << human.out;
    EXPECT_TRUE(contains(human.out, "not shown again")) << human.out;

    DmsctlRun table = dmsctl({"admin", "keys", "list", "--tenant", "acme"}, kToken);
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_TRUE(contains(table.out, id)) << table.out;
    EXPECT_FALSE(contains(table.out, key["key"].get<std::string>().substr(21))) << "no secret in a listing";
    DmsctlRun revoked = dmsctl({"admin", "keys", "revoke", id}, kToken);
    EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
    EXPECT_EQ(dmsctl_json({"admin", "keys", "show", id}, kToken)["status"], "revoked");

    DmsctlRun bad =
        dmsctl({"admin", "keys", "create", "--tenant", "acme", "--user", "bob", "--permission", "fly"}, kToken);
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_TRUE(contains(bad.err, "HTTP 400 bad_request: unknown permission 'fly'")) << bad.err;
}

TEST_F(DmsctlTest, AdminAuditListsAndVerifiesTheChain) {
    dmsctl({"admin", "block", "--user", "bob"}, kToken);
    dmsctl({"admin", "unblock", "--user", "bob"}, kToken);
    nlohmann::json page = dmsctl_json({"admin", "audit", "list", "--action", "user.block"}, kToken);
    ASSERT_EQ(page["records"].size(), 1u) << page;
    EXPECT_EQ(page["records"][0]["target"], "bob");
    DmsctlRun table = dmsctl({"admin", "audit", "list"}, kToken);
    EXPECT_TRUE(contains(table.out, "user.unblock")) << table.out;
    DmsctlRun verified = dmsctl({"admin", "audit", "verify"}, kToken);
    EXPECT_EQ(verified.exit_code, 0) << verified.err;
    EXPECT_EQ(verified.out, "audit chain intact: 2 records\n");
}

}  // namespace
}  // namespace dms::test
