#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dmsctl_fixture.hpp"

namespace dms::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A loopback port nothing listens on: bound, then released.
std::uint16_t closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

TEST_F(DmsctlTest, UnknownTaskIsOneLineOnStderrAndExitOne) {
    DmsctlRun run = dmsctl({"tasks", "status", "--service", "sleep", "--user", "alice", "no-such-task"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(run.out.empty()) << run.out;
    ASSERT_EQ(lines_of(run.err).size(), 1u) << run.err;
    EXPECT_EQ(run.err, "dmsctl: HTTP 404 not_found: no task no-such-task\n");
    // --json changes the output of a success, not the form of an error.
    DmsctlRun json = dmsctl({"--json", "tasks", "cancel", "--service", "sleep", "--user", "alice", "no-such-task"});
    EXPECT_EQ(json.exit_code, 1);
    EXPECT_EQ(lines_of(json.err).size(), 1u) << json.err;
}

TEST_F(DmsctlTest, RefusedParametersCarryThePluginsMessage) {
    DmsctlRun run = dmsctl({"tasks", "submit", "--service", "sleep", "--user", "alice", "--param", "seconds=soon"});
    EXPECT_EQ(run.exit_code, 1);
    ASSERT_EQ(lines_of(run.err).size(), 1u) << run.err;
    EXPECT_TRUE(contains(run.err, "HTTP 422 invalid_parameters: ")) << run.err;
    EXPECT_TRUE(contains(run.err, "seconds")) << run.err;

    DmsctlRun unknown = dmsctl({"tasks", "submit", "--service", "teleport", "--user", "alice"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_TRUE(contains(unknown.err, "HTTP 422 unknown_service")) << unknown.err;
}

TEST(DmsctlErrorsTest, UnreachableHostIsOneLine) {
    std::string base = "http://127.0.0.1:" + std::to_string(closed_port()) + "/api/v1";
    DmsctlRun run = run_dmsctl({"tasks", "users", "--service", "sleep", "--api-base", base}, {});
    EXPECT_EQ(run.exit_code, 1);
    ASSERT_EQ(lines_of(run.err).size(), 1u) << run.err;
    EXPECT_EQ(run.err, "dmsctl: cannot reach the DMS host at " + base + ": Connection refused\n");
}

TEST(DmsctlErrorsTest, ApiBaseComesFromTheEnvironmentAndMustBeHttp) {
    std::string base = "http://127.0.0.1:" + std::to_string(closed_port()) + "/other/prefix";
    DmsctlRun from_env = run_dmsctl({"tasks", "users", "--service", "sleep"}, {{"DMS_API_BASE", base}});
    EXPECT_TRUE(contains(from_env.err, base)) << from_env.err;
    DmsctlRun https = run_dmsctl({"tasks", "users", "--service", "s", "--api-base", "https://example.invalid"}, {});
    EXPECT_EQ(https.exit_code, 2);
    EXPECT_TRUE(contains(https.err, "is not an http://host[:port]/prefix URL")) << https.err;
}

TEST(DmsctlErrorsTest, ABadCommandLineIsAUsageError) {
    DmsctlRun missing = run_dmsctl({"tasks", "submit", "--user", "alice"}, {});
    EXPECT_EQ(missing.exit_code, 2);
    ASSERT_EQ(lines_of(missing.err).size(), 1u) << missing.err;
    EXPECT_TRUE(contains(missing.err, "--service")) << missing.err;

    DmsctlRun bad_param = run_dmsctl({"tasks", "submit", "--service", "s", "--user", "u", "--param", "novalue"}, {});
    EXPECT_EQ(bad_param.exit_code, 2);
    EXPECT_EQ(bad_param.err, "dmsctl: --param takes name=value, got 'novalue'\n");

    DmsctlRun bad_priority =
        run_dmsctl({"tasks", "submit", "--service", "s", "--user", "u", "--priority", "urgent"}, {});
    EXPECT_EQ(bad_priority.exit_code, 2);
    EXPECT_EQ(lines_of(bad_priority.err).size(), 1u) << bad_priority.err;

    DmsctlRun help = run_dmsctl({"tasks", "--help"}, {});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_TRUE(contains(help.out, "submit")) << help.out;
}

}  // namespace
}  // namespace dms::test
