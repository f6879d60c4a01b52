#include "config/operator_token.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace dms::config {
namespace {

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST(OperatorTokenTest, AConfiguredTokenIsUsedAndNothingIsWritten) {
    test::TempDir dir;
    EXPECT_EQ(resolve_operator_token("configured", dir.path()), "configured");
    EXPECT_FALSE(std::filesystem::exists(operator_token_path(dir.path())));
}

TEST(OperatorTokenTest, WithoutOneATokenIsGeneratedIntoAPrivateFile) {
    test::TempDir dir;
    std::string token = resolve_operator_token("", dir.path());
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    auto path = operator_token_path(dir.path());
    EXPECT_EQ(path, dir.path() / "operator_token");
    EXPECT_EQ(read_all(path), token + "\n");
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600);
}

TEST(OperatorTokenTest, TheKeptTokenIsReusedLater) {
    test::TempDir dir;
    std::string first = resolve_operator_token("", dir.path());
    EXPECT_EQ(resolve_operator_token("", dir.path()), first);
}

TEST(OperatorTokenTest, AnExistingFileIsRead) {
    test::TempDir dir;
    std::ofstream(operator_token_path(dir.path())) << "from-file\n";
    EXPECT_EQ(resolve_operator_token("", dir.path()), "from-file");
}

TEST(OperatorTokenTest, GeneratedTokensDifferBetweenDataDirectories) {
    test::TempDir a;
    test::TempDir b;
    EXPECT_NE(resolve_operator_token("", a.path()), resolve_operator_token("", b.path()));
}

TEST(OperatorTokenTest, AnEmptyTokenFileNeverYieldsAnEmptyToken) {
    test::TempDir dir;
    std::ofstream(operator_token_path(dir.path())) << "";
    try {
        EXPECT_FALSE(resolve_operator_token("", dir.path()).empty());
    } catch (const std::exception&) {
        SUCCEED() << "refusing is fine too";
    }
}

TEST(OperatorTokenTest, AMissingDataDirectoryIsAnError) {
    test::TempDir dir;
    EXPECT_ANY_THROW(resolve_operator_token("", dir.path() / "missing" / "deeper"));
}

}  // namespace
}  // namespace dms::config
