// The copy executor on real trees through the fake host: what a copy must reproduce, and the policies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "copy_executor.hpp"
#include "plugin_sandbox.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using ::testing::HasSubstr;
using CopySandbox = PluginSandbox<plugins::CopyExecutor>;
constexpr std::uint64_t kMiB = 1 << 20;

// Nesting, an empty file, an empty folder, modes, times and links to a file and to a folder.
void make_sample_tree(const stdfs::path& top) {
    write_text(top / "a.txt", "alpha");
    write_text(top / "empty.txt", "");
    write_text(top / "nested/deeper/b.bin", std::string(100000, 'b'));
    write_text(top / "run.sh", "#!/bin/sh\n");
    stdfs::create_directories(top / "empty-dir");
    stdfs::create_symlink("a.txt", top / "link-to-a");
    stdfs::create_symlink("nested/deeper", top / "link-to-dir");
    ::chmod((top / "a.txt").c_str(), 0640);
    ::chmod((top / "run.sh").c_str(), 0755);
    ::chmod((top / "nested").c_str(), 0750);
    std::int64_t when = 1600000000;
    for (const char* path : {"a.txt", "empty.txt", "nested/deeper/b.bin", "run.sh", "link-to-a", "link-to-dir"}) {
        set_mtime(top / path, when++, 123456789);
    }
    for (const char* path : {"nested/deeper", "nested", "empty-dir", "."}) set_mtime(top / path, when++, 5);
}

bool logged(const sdk::testing::RunReport& report, std::string_view text) {
    for (const auto& line : report.logs) {
        if (line.message.find(text) != std::string::npos) return true;
    }
    return false;
}

TEST(CopyTreeTest, CopiesANestedTreeKeepingModesTimesEmptyEntriesAndLinks) {
    CopySandbox box;
    make_sample_tree(box.root() / "src");
    auto report = box.run({{"source", "src"}, {"destination", "dst"}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    const auto expected = listing(box.root() / "src");
    const auto actual = listing(box.root() / "dst");
    EXPECT_EQ(actual, expected) << describe_difference(expected, actual);
    EXPECT_EQ(report.result["copied"]["files"], 6) << report.result.dump();
    EXPECT_EQ(report.result["copied"]["bytes"], 5 + 100000 + 10);
    EXPECT_EQ(report.result["symlinks_copied"], 2);
    EXPECT_EQ(report.result["directories_created"], 4);  // dst, nested, nested/deeper, empty-dir
    EXPECT_EQ(report.result["failed"]["files"], 0);
    EXPECT_EQ(report.result["kind"], "tree");
    EXPECT_TRUE(temp_files_below(box.root()).empty());
    EXPECT_TRUE(logged(report, "plan: 6 files")) << report.logs.front().message;
    EXPECT_TRUE(logged(report, "summary: 6 files copied"));
}

TEST(CopyTreeTest, ASecondRunSkipsWhatIsUnchanged) {
    CopySandbox box;
    make_sample_tree(box.root() / "src");
    ASSERT_EQ(box.run({{"source", "src"}, {"destination", "dst"}}).status, DMS_STATUS_OK);
    auto again = box.run({{"source", "src"}, {"destination", "dst"}, {"parallel", "2"}});
    ASSERT_EQ(again.status, DMS_STATUS_OK) << again.message;
    EXPECT_EQ(again.result["copied"]["files"], 0) << again.result.dump();
    EXPECT_EQ(again.result["skipped"]["files"], 6);
    EXPECT_EQ(listing(box.root() / "dst"), listing(box.root() / "src"));
}

TEST(CopyTreeTest, CopiesOneFileToAPathIntoAFolderAndUnderATrailingSlash) {
    CopySandbox box;
    write_text(box.root() / "in/report.csv", "a,b\n1,2\n");
    stdfs::create_directories(box.root() / "existing");
    ASSERT_EQ(box.run({{"source", "in/report.csv"}, {"destination", "out/renamed.csv"}}).status, DMS_STATUS_OK);
    ASSERT_EQ(box.run({{"source", "in/report.csv"}, {"destination", "existing"}}).status, DMS_STATUS_OK);
    auto report = box.run({{"source", (box.root() / "in/report.csv").string()}, {"destination", "new-dir/"}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(read_text(box.root() / "out/renamed.csv"), "a,b\n1,2\n");
    EXPECT_EQ(read_text(box.root() / "existing/report.csv"), "a,b\n1,2\n");
    EXPECT_EQ(read_text(box.root() / "new-dir/report.csv"), "a,b\n1,2\n");
    EXPECT_EQ(report.result["kind"], "file");
    EXPECT_EQ(report.result["destination"], (box.root() / "new-dir/report.csv").string());
}

TEST(CopyTreeTest, ALargeSparseFileStaysSparse) {
    CopySandbox box;
    const std::uint64_t size = 256 * kMiB;
    make_sparse(box.root() / "src/disk.img", size, {0, 100 * kMiB, size - kMiB});
    auto report = box.run({{"source", "src"}, {"destination", "dst"}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(stdfs::file_size(box.root() / "dst/disk.img"), size);
    EXPECT_LT(allocated_bytes(box.root() / "dst/disk.img"), 16 * kMiB);
    EXPECT_EQ(listing(box.root() / "dst"), listing(box.root() / "src"));
}

TEST(CopyTreeTest, ALargeFileIsCopiedWholeWithProgressInBytes) {
    CopySandbox box;
    write_pattern(box.root() / "big.bin", 64 * kMiB, 7);
    auto report = box.run({{"source", "big.bin"}, {"destination", "copy/big.bin"}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(listing(box.root() / "copy")["big.bin"].digest, listing(box.root())["big.bin"].digest);
    EXPECT_GE(allocated_bytes(box.root() / "copy/big.bin"), 64 * kMiB);
    ASSERT_FALSE(report.progress.empty());
    const auto& last = report.progress.back();
    EXPECT_EQ(last.unit, "bytes");
    EXPECT_EQ(last.total, 64.0 * kMiB);
    EXPECT_EQ(last.done, last.total);
    EXPECT_THAT(last.message, HasSubstr("1/1 files"));
}

TEST(CopyTreeTest, OverwritePoliciesDecideWhatIsReplaced) {
    struct Case {
        nlohmann::json extra;
        std::string expected;
    };
    // Same size and time but different content: only a checksum or `always` tells them apart.
    const std::vector<Case> cases{{nlohmann::json::object(), "old content!"},
                                  {{{"verify", "xxh3"}}, "new content!"},
                                  {{{"overwrite", "never"}, {"verify", "sha256"}}, "old content!"},
                                  {{{"overwrite", "always"}}, "new content!"}};
    for (const Case& c : cases) {
        CopySandbox box;
        write_text(box.root() / "src/f.txt", "new content!");
        write_text(box.root() / "dst/f.txt", "old content!");
        set_mtime(box.root() / "src/f.txt", 1700000000);
        set_mtime(box.root() / "dst/f.txt", 1700000000);
        nlohmann::json parameters{{"source", "src"}, {"destination", "dst"}};
        parameters.update(c.extra);
        auto report = box.run(parameters);
        ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
        EXPECT_EQ(read_text(box.root() / "dst/f.txt"), c.expected) << c.extra.dump();
    }
    CopySandbox box;  // never: even a different size is left alone
    write_text(box.root() / "src/f.txt", "longer new content");
    write_text(box.root() / "dst/f.txt", "old");
    ASSERT_EQ(box.run({{"source", "src"}, {"destination", "dst"}, {"overwrite", "never"}}).status, DMS_STATUS_OK);
    EXPECT_EQ(read_text(box.root() / "dst/f.txt"), "old");
}

TEST(CopyTreeTest, VerifyReportsTheChecksumsOfAFileAndCountsForATree) {
    CopySandbox box;
    write_text(box.root() / "abc.txt", "abc");
    auto single = box.run({{"source", "abc.txt"}, {"destination", "abc-copy.txt"}, {"verify", "sha256"}});
    ASSERT_EQ(single.status, DMS_STATUS_OK) << single.message;
    const std::string sha_abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    EXPECT_EQ(single.result["verify"],
              nlohmann::json({{"algorithm", "sha256"}, {"source", sha_abc}, {"copy", sha_abc}, {"match", true}}));

    make_sample_tree(box.root() / "src");
    auto tree = box.run({{"source", "src"}, {"destination", "dst"}, {"verify", "xxh3"}});
    ASSERT_EQ(tree.status, DMS_STATUS_OK) << tree.message;
    EXPECT_EQ(tree.result["verify"]["algorithm"], "xxh3");
    EXPECT_EQ(tree.result["verify"]["verified"], 4) << tree.result.dump();  // the regular files
    EXPECT_EQ(tree.result["verify"]["mismatches"], 0);
}

TEST(CopyTreeTest, LinksAreCopiedAsLinksOrFollowedButNeverOutOfTheRoot) {
    CopySandbox box;
    write_text(box.root() / "data.txt", "inside");
    write_text(box.outside() / "secret.txt", "secret");
    write_text(box.root() / "src/plain.txt", "plain");
    stdfs::create_symlink("../data.txt", box.root() / "src/link-in");
    stdfs::create_symlink(box.outside() / "secret.txt", box.root() / "src/link-out");

    auto as_links = box.run({{"source", "src"}, {"destination", "links"}});
    ASSERT_EQ(as_links.status, DMS_STATUS_OK) << as_links.message;
    EXPECT_EQ(stdfs::read_symlink(box.root() / "links/link-in"), "../data.txt");
    EXPECT_EQ(stdfs::read_symlink(box.root() / "links/link-out"), box.outside() / "secret.txt");

    auto followed = box.run({{"source", "src"}, {"destination", "followed"}, {"follow_symlinks", true}});
    EXPECT_EQ(followed.status, DMS_STATUS_ERROR);
    EXPECT_THAT(followed.message, HasSubstr("1 of 3 files failed"));
    EXPECT_EQ(followed.result["failures"][0]["path"], "link-out") << followed.result.dump();
    EXPECT_THAT(followed.result["failures"][0]["reason"].get<std::string>(), HasSubstr("outside the allowed root"));
    EXPECT_EQ(read_text(box.root() / "followed/link-in"), "inside");
    EXPECT_FALSE(stdfs::is_symlink(box.root() / "followed/link-in"));
    EXPECT_FALSE(stdfs::exists(stdfs::symlink_status(box.root() / "followed/link-out")));
    EXPECT_EQ(read_text(box.root() / "followed/plain.txt"), "plain");
}

}  // namespace
}  // namespace dms::test
