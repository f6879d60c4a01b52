// dmsctl templates: create, list, get, preview, disable, enable, delete against a real dms-host.
#include "dmsctl_fixture.hpp"

namespace dms::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(DmsctlTest, TemplatesAreCreatedListedPreviewedToggledAndDeleted) {
    const std::vector<std::string> owner{"--service", "noop", "--user", "alice"};
    auto with_owner = [&](std::vector<std::string> args) {
        args.insert(args.begin() + 2, owner.begin(), owner.end());
        return args;
    };
    nlohmann::json made = dmsctl_json(with_owner({"templates", "create", "--cron", "0 9 * * *", "--zone", "Asia/Seoul",
                                                  "--param", "label=x", "--overlap", "allow"}));
    std::string id = made["template_id"];
    EXPECT_EQ(made["parameters"]["label"], "x");
    EXPECT_EQ(made["overlap"], "allow");

    DmsctlRun listed = dmsctl(with_owner({"templates", "list"}));
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_TRUE(contains(listed.out, id)) << listed.out;
    EXPECT_TRUE(contains(listed.out, "T09:00:00+09:00")) << listed.out;

    DmsctlRun got = dmsctl(with_owner({"templates", "get", id}));
    ASSERT_EQ(got.exit_code, 0) << got.err;
    EXPECT_TRUE(contains(got.out, "Asia/Seoul")) << got.out;

    nlohmann::json preview = dmsctl_json(with_owner({"templates", "preview", id, "--count", "3"}));
    ASSERT_EQ(preview["runs"].size(), 3u) << preview.dump();
    EXPECT_TRUE(preview["runs"][0]["at_utc"].get<std::string>().ends_with("T00:00:00Z"));

    EXPECT_EQ(dmsctl_json(with_owner({"templates", "disable", id}))["enabled"], false);
    EXPECT_EQ(dmsctl_json(with_owner({"templates", "enable", id}))["enabled"], true);
    DmsctlRun deleted = dmsctl(with_owner({"templates", "delete", id}));
    ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
    EXPECT_NE(dmsctl(with_owner({"templates", "get", id})).exit_code, 0);
}

TEST_F(DmsctlTest, ABadTemplateIsRefusedWithTheHostsMessage) {
    DmsctlRun refused = dmsctl(
        {"templates", "create", "--service", "noop", "--user", "alice", "--cron", "@daily", "--zone", "Mars/Base"});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_TRUE(contains(refused.err, "Mars/Base")) << refused.err;
}

}  // namespace
}  // namespace dms::test
