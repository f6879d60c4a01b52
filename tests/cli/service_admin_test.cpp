// dmsctl admin services pause|resume|paused against a real dms-host.
#include "dmsctl_fixture.hpp"

namespace dms::test {
namespace {

const std::map<std::string, std::string> kToken = {{"DMS_OPERATOR_TOKEN", "test-token"}};

TEST_F(DmsctlTest, AdminPausesAndResumesAServiceQueue) {
    nlohmann::json paused = dmsctl_json({"admin", "services", "pause", "noop"}, kToken);
    EXPECT_EQ(paused["paused_services"], nlohmann::json({"noop"}));
    DmsctlRun listed = dmsctl({"admin", "services", "paused"}, kToken);
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(listed.out, "paused services: noop\n");

    DmsctlRun resumed = dmsctl({"admin", "services", "resume", "--service", "noop"}, kToken);
    EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_EQ(resumed.out, "paused services: none\n");

    DmsctlRun unknown = dmsctl({"admin", "services", "pause", "nosuch"}, kToken);
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("HTTP 422 unknown_service"), std::string::npos) << unknown.err;
    EXPECT_EQ(dmsctl({"admin", "services", "pause"}, kToken).exit_code, 2) << "the service is required";
}

}  // namespace
}  // namespace dms::test
