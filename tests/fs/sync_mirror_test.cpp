// The sync executor through the fake host: mirroring, changes only, deletions, dry runs and checksums.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_sandbox.hpp"
#include "sync_executor.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using SyncSandbox = PluginSandbox<plugins::SyncExecutor>;

void make_source(const stdfs::path& top) {
    write_text(top / "a.txt", "alpha");
    write_text(top / "b.txt", "bravo");
    write_text(top / "sub/c.txt", "charlie");
    write_text(top / "sub/empty.txt", "");
    stdfs::create_directories(top / "empty-dir");
    stdfs::create_symlink("sub/c.txt", top / "link");
    std::int64_t when = 1650000000;
    for (const char* path : {"a.txt", "b.txt", "sub/c.txt", "sub/empty.txt", "link", "sub", "empty-dir", "."}) {
        set_mtime(top / path, when++);
    }
}

TEST(SyncMirrorTest, MirrorsATreeThenCopiesOnlyWhatChanged) {
    SyncSandbox box;
    make_source(box.root() / "src");
    auto first = box.run({{"source", "src"}, {"destination", "dst"}});
    ASSERT_EQ(first.status, DMS_STATUS_OK) << first.message;
    EXPECT_EQ(listing(box.root() / "dst"), listing(box.root() / "src"));

    write_text(box.root() / "src/b.txt", "bravo, changed");
    write_text(box.root() / "src/sub/new.txt", "new");
    auto second = box.run({{"source", "src"}, {"destination", "dst"}});
    ASSERT_EQ(second.status, DMS_STATUS_OK) << second.message;
    EXPECT_EQ(second.result["plan"]["copy"]["files"], 1) << second.result.dump();
    EXPECT_EQ(second.result["plan"]["replace"]["files"], 1);
    EXPECT_EQ(second.result["copied"]["files"], 2);
    EXPECT_EQ(second.result["skipped"]["files"], 4);
    const auto expected = listing(box.root() / "src");
    const auto actual = listing(box.root() / "dst");
    EXPECT_EQ(actual, expected) << describe_difference(expected, actual);
}

TEST(SyncMirrorTest, ExtraneousEntriesStayWithoutDeleteAndGoWithIt) {
    SyncSandbox box;
    make_source(box.root() / "src");
    ASSERT_EQ(box.run({{"source", "src"}, {"destination", "dst"}}).status, DMS_STATUS_OK);
    write_text(box.root() / "dst/extra.txt", "extra");
    write_text(box.root() / "dst/old-dir/x", "x");
    write_text(box.root() / "dst/old-dir/deeper/y", "y");

    auto kept = box.run({{"source", "src"}, {"destination", "dst"}});
    ASSERT_EQ(kept.status, DMS_STATUS_OK) << kept.message;
    EXPECT_EQ(kept.result["deleted"]["files"], 0);
    EXPECT_TRUE(stdfs::exists(box.root() / "dst/old-dir/deeper/y"));

    auto mirrored = box.run({{"source", "src"}, {"destination", "dst"}, {"delete", true}, {"max_delete", "3"}});
    ASSERT_EQ(mirrored.status, DMS_STATUS_OK) << mirrored.message;
    EXPECT_EQ(mirrored.result["deleted"], nlohmann::json({{"files", 3}, {"bytes", 7}, {"directories", 2}}));
    EXPECT_EQ(listing(box.root() / "dst"), listing(box.root() / "src"));
}

TEST(SyncMirrorTest, ADryRunReturnsThePlanAndTouchesNothing) {
    SyncSandbox box;
    make_source(box.root() / "src");
    ASSERT_EQ(box.run({{"source", "src"}, {"destination", "dst"}}).status, DMS_STATUS_OK);
    write_text(box.root() / "src/b.txt", "bravo, changed");
    write_text(box.root() / "src/new-dir/n.txt", "n");
    write_text(box.root() / "dst/extra.txt", "extra");
    const auto before = listing(box.root());

    auto report = box.run(
        {{"source", "src"}, {"destination", "dst"}, {"delete", "true"}, {"dry_run", "true"}, {"max_delete", "100%"}});
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    const auto after = listing(box.root());
    EXPECT_EQ(after, before) << describe_difference(before, after);
    EXPECT_EQ(report.result["dry_run"], true);
    const auto& plan = report.result["plan"];
    EXPECT_THAT(plan["copy"]["paths"], ElementsAre("new-dir/n.txt"));
    EXPECT_THAT(plan["replace"]["paths"], ElementsAre("b.txt"));
    EXPECT_THAT(plan["delete"]["paths"], ElementsAre("extra.txt"));
    EXPECT_THAT(plan["directories_to_create"]["paths"], ElementsAre("new-dir"));
    EXPECT_EQ(plan["unchanged"]["files"], 4);
    EXPECT_FALSE(report.result.contains("delete_guard"));

    auto fresh = box.run({{"source", "src"}, {"destination", "never-made"}, {"dry_run", true}});
    ASSERT_EQ(fresh.status, DMS_STATUS_OK) << fresh.message;
    EXPECT_EQ(fresh.result["plan"]["copy"]["files"], 6);
    EXPECT_FALSE(stdfs::exists(box.root() / "never-made"));
}

TEST(SyncMirrorTest, ChecksumComparesContentInsteadOfTime) {
    SyncSandbox box;
    write_text(box.root() / "src/same-time.txt", "new!");
    write_text(box.root() / "dst/same-time.txt", "old!");
    write_text(box.root() / "src/same-content.txt", "same");
    write_text(box.root() / "dst/same-content.txt", "same");
    set_mtime(box.root() / "src/same-time.txt", 1700000000);
    set_mtime(box.root() / "dst/same-time.txt", 1700000000);
    set_mtime(box.root() / "src/same-content.txt", 1700000100);
    set_mtime(box.root() / "dst/same-content.txt", 1600000000);

    auto by_time = box.run({{"source", "src"}, {"destination", "dst"}, {"dry_run", true}});
    EXPECT_THAT(by_time.result["plan"]["replace"]["paths"], ElementsAre("same-content.txt"));

    auto by_content = box.run({{"source", "src"}, {"destination", "dst"}, {"checksum", true}});
    ASSERT_EQ(by_content.status, DMS_STATUS_OK) << by_content.message;
    EXPECT_EQ(by_content.result["copied"]["files"], 1) << by_content.result.dump();
    EXPECT_EQ(by_content.result["attributes_updated"], 1);
    EXPECT_EQ(read_text(box.root() / "dst/same-time.txt"), "new!");
    const auto expected = listing(box.root() / "src", false);
    const auto actual = listing(box.root() / "dst", false);
    EXPECT_EQ(actual, expected) << describe_difference(expected, actual);
}

TEST(SyncMirrorTest, AMissingSourceFailsAndDeletesNothing) {
    SyncSandbox box;
    write_text(box.root() / "dst/keep.txt", "keep");
    const auto before = listing(box.root());
    for (bool force : {false, true}) {
        auto report = box.run({{"source", "nope"}, {"destination", "dst"}, {"delete", true}, {"force_delete", force}});
        EXPECT_EQ(report.status, DMS_STATUS_ERROR);
        EXPECT_THAT(report.message, HasSubstr("does not exist"));
    }
    EXPECT_EQ(listing(box.root()), before);
}

}  // namespace
}  // namespace dms::test
