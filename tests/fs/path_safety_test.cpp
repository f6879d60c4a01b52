// Path safety in plugins/common: lexical checks, allowed roots, and open_beneath refusing every way out.
#include <dms/sdk.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>

#include "allowed_roots.hpp"
#include "beneath.hpp"
#include "path_text.hpp"
#include "support/temp_dir.hpp"
#include "tree_helpers.hpp"
#include "unique_fd.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using ::testing::HasSubstr;
using namespace dms::fs;

AllowedRoots::Lookup settings(std::map<std::string, std::string> values) {
    return [values](std::string_view name) -> std::optional<std::string> {
        auto found = values.find(std::string(name));
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

std::string refusal(const std::function<void()>& body) {
    try {
        body();
    } catch (const sdk::InvalidParameters& error) {
        return error.what();
    }
    return "accepted";
}

TEST(PathTextTest, NormalizesAndComparesComponentByComponent) {
    EXPECT_EQ(normalize_path("a//./b/"), "a/b");
    EXPECT_EQ(normalize_path("/x/./y//"), "/x/y");
    EXPECT_EQ(normalize_path("."), "");
    EXPECT_EQ(normalize_path("/"), "/");
    EXPECT_TRUE(has_dot_dot("a/../b"));
    EXPECT_TRUE(has_dot_dot(".."));
    EXPECT_FALSE(has_dot_dot("a/..b/c.."));
    EXPECT_TRUE(path_within("/r/a/b", "/r/a"));
    EXPECT_TRUE(path_within("/r/a", "/r/a"));
    EXPECT_FALSE(path_within("/r/ab", "/r/a"));
    EXPECT_TRUE(path_within("/anything", "/"));
    EXPECT_EQ(path_relative_to("/r/a/b", "/r"), "a/b");
    EXPECT_EQ(join_path("", "a"), "a");
    EXPECT_EQ(path_parent("a/b/c"), "a/b");
    EXPECT_EQ(path_parent("c"), "");
    EXPECT_EQ(path_base_name("a/b/c"), "c");
}

TEST(AllowedRootsTest, ReadsColonOrCommaSeparatedRootsOrDefaultsToTheDataDirectory) {
    TempDir dir;
    stdfs::create_directories(dir.path() / "one");
    stdfs::create_directories(dir.path() / "two");
    const std::string list = (dir.path() / "one").string() + ":" + (dir.path() / "two").string() + ", /tmp";
    auto roots = AllowedRoots::from_settings(settings({{"DMS_COPY_ALLOWED_ROOTS", list}}), "DMS_COPY_ALLOWED_ROOTS");
    ASSERT_EQ(roots.roots().size(), 3u);
    EXPECT_EQ(roots.locate("source", "x/y").root, 0u);
    EXPECT_EQ(roots.locate("source", "x/y").absolute, (dir.path() / "one/x/y").string());
    EXPECT_EQ(roots.locate("source", (dir.path() / "two/z").string()).root, 1u);
    EXPECT_EQ(roots.locate("source", (dir.path() / "two/z").string()).relative, "z");

    auto fallback = AllowedRoots::from_settings(settings({{"DMS_DATA_DIR", dir.path().string()}}), "DMS_X_ROOTS");
    EXPECT_TRUE(stdfs::is_directory(dir.path() / "files")) << "the default root is created";
    EXPECT_EQ(fallback.roots().at(0).real, (dir.path() / "files").string());
    EXPECT_THROW(AllowedRoots::from_settings(settings({}), "DMS_X_ROOTS"), std::runtime_error);
    EXPECT_THROW(AllowedRoots::from_settings(settings({{"DMS_X_ROOTS", "relative/path"}}), "DMS_X_ROOTS"),
                 std::runtime_error);
    EXPECT_THROW(AllowedRoots::from_settings(settings({{"DMS_X_ROOTS", "/no/such/root"}}), "DMS_X_ROOTS"),
                 std::runtime_error);
}

TEST(AllowedRootsTest, RefusesDotDotPathsOutsideAndLinksLeadingOut) {
    TempDir dir;
    const stdfs::path root = dir.path() / "root";
    write_text(root / "inside/f", "f");
    write_text(dir.path() / "outside/secret", "s");
    stdfs::create_symlink(dir.path() / "outside", root / "out");
    stdfs::create_symlink("inside", root / "in");
    stdfs::create_symlink(dir.path() / "outside/missing", root / "dangling-out");
    auto roots = AllowedRoots::from_settings(settings({{"DMS_R", root.string()}}), "DMS_R");
    auto check = [&](std::string_view path) {
        return refusal([&] { roots.check_resolves_inside("source", roots.locate("source", path)); });
    };
    EXPECT_THAT(check("a/../b"), HasSubstr("must not contain '..'"));
    EXPECT_THAT(check(""), HasSubstr("must not be empty"));
    EXPECT_THAT(check("/etc"), HasSubstr("outside the allowed roots '" + root.string() + "' (DMS_R sets them)"));
    EXPECT_THAT(check("out/secret"), HasSubstr("resolves to '" + (dir.path() / "outside/secret").string()));
    EXPECT_THAT(check("out/not/yet/made"), HasSubstr("(a symbolic link leads out)"));
    EXPECT_THAT(check("dangling-out"), HasSubstr("outside its allowed root"));
    EXPECT_EQ(check("in/f"), "accepted");
    EXPECT_EQ(check("inside/new/file"), "accepted");
    EXPECT_EQ(check((root / "inside").string()), "accepted");
    EXPECT_EQ(check("."), "accepted");
}

TEST(OpenBeneathTest, NoPathOrLinkLeadsOutOfTheFolder) {
    TempDir dir;
    const stdfs::path root = dir.path() / "root";
    write_text(root / "a/f", "f");
    write_text(dir.path() / "secret", "s");
    stdfs::create_symlink(dir.path() / "secret", root / "absolute-out");
    stdfs::create_symlink("../secret", root / "relative-out");
    stdfs::create_symlink("a/f", root / "inside-link");
    UniqueFd fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(fd);
    EXPECT_EQ(open_beneath(fd.get(), "../secret", O_RDONLY), -EXDEV);
    EXPECT_EQ(open_beneath(fd.get(), "absolute-out", O_RDONLY), -EXDEV);
    EXPECT_EQ(open_beneath(fd.get(), "relative-out", O_RDONLY), -EXDEV);
    EXPECT_EQ(open_beneath(fd.get(), dir.path() / "secret", O_RDONLY), -EXDEV);
    EXPECT_EQ(open_beneath(fd.get(), "/proc/self/root/etc/passwd", O_RDONLY), -EXDEV);
    UniqueFd followed(open_beneath(fd.get(), "inside-link", O_RDONLY));
    EXPECT_TRUE(followed) << "a link that stays inside is followed";
    EXPECT_EQ(open_beneath(fd.get(), "inside-link", O_RDONLY, kNoSymlinks), -ELOOP);
    EXPECT_EQ(open_beneath(fd.get(), "missing", O_RDONLY), -ENOENT);
    EXPECT_EQ(reason_for(ENOENT), "vanished");
}

}  // namespace
}  // namespace dms::test
