#include <sys/stat.h>

#include <gtest/gtest.h>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

// The token as kept in the file: its first line.
std::string kept_token(const std::filesystem::path& data_dir) {
    std::string text = read_file(data_dir / "operator_token");
    return text.substr(0, text.find('\n'));
}

TEST(OperatorTokenFileTest, WithoutATokenTheHostGeneratesAPrivateOneThatWorksAndLasts) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.operator_token = std::nullopt;
    std::string token;
    {
        HostProcess host(options);
        auto path = host.data_dir() / "operator_token";
        ASSERT_TRUE(std::filesystem::exists(path)) << host.log();
        struct stat info {};
        ASSERT_EQ(::stat(path.c_str(), &info), 0);
        EXPECT_EQ(info.st_mode & 0777, 0600);
        token = kept_token(host.data_dir());
        EXPECT_GE(token.size(), 32u);
        EXPECT_NE(host.log().find(path.string()), std::string::npos) << "the host says where the token is";
        EXPECT_EQ(host.log().find(token), std::string::npos) << "the token itself is never logged";

        HttpClient client(host.port());
        EXPECT_EQ(client.get("/api/v1/admin/stats", operator_headers(token)).status, 200u);
        EXPECT_EQ(client.get("/api/v1/admin/stats", operator_headers("test-token")).status, 401u);
        EXPECT_EQ(client.get("/api/v1/admin/stats").status, 401u);
        EXPECT_EQ(client.get("/api/v1/admin/stats", operator_headers("")).status, 401u);
        EXPECT_EQ(host.terminate(), 0);
    }
    HostProcess again(options);
    EXPECT_EQ(kept_token(again.data_dir()), token);
    HttpClient client(again.port());
    EXPECT_EQ(client.get("/api/v1/admin/stats", operator_headers(token)).status, 200u);
}

TEST(OperatorTokenFileTest, AConfiguredTokenWritesNoFile) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.operator_token = "configured-token";
    HostProcess host(options);
    EXPECT_FALSE(std::filesystem::exists(host.data_dir() / "operator_token"));
    HttpClient client(host.port());
    EXPECT_EQ(client.get("/api/v1/admin/stats", operator_headers("configured-token")).status, 200u);
    EXPECT_EQ(client.get("/api/v1/admin/stats", operator_headers("test-token")).status, 401u);
    EXPECT_EQ(host.log().find("configured-token"), std::string::npos) << "the token is never logged";
}

}  // namespace
}  // namespace dms::test
