// sync's deletion guard: an empty source, max_delete as a count and a percentage, force_delete, and no
// deletions after a failed copy.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "plugin_sandbox.hpp"
#include "sync_executor.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Optional;
using SyncSandbox = PluginSandbox<plugins::SyncExecutor>;

// A destination of 20 files of which the source has the first 10: a mirror deletes 10 (50%).
void make_half_gone(SyncSandbox& box) {
    for (int i = 0; i < 10; ++i) write_text(box.root() / "src" / ("f" + std::to_string(i)), "kept");
    ASSERT_EQ(box.run({{"source", "src"}, {"destination", "dst"}}).status, DMS_STATUS_OK);
    for (int i = 10; i < 20; ++i) write_text(box.root() / "dst" / ("f" + std::to_string(i)), "gone");
}

nlohmann::json mirror(nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json parameters{{"source", "src"}, {"destination", "dst"}, {"delete", true}};
    parameters.update(extra);
    return parameters;
}

TEST(SyncGuardTest, AnEmptySourceDeletesNothingUnlessForced) {
    SyncSandbox box;
    stdfs::create_directories(box.root() / "src");
    for (int i = 0; i < 5; ++i) write_text(box.root() / "dst" / std::to_string(i), "x");
    const auto before = listing(box.root() / "dst");
    auto refused = box.run(mirror({{"max_delete", "100%"}}));
    EXPECT_EQ(refused.status, DMS_STATUS_ERROR);
    EXPECT_THAT(refused.message, HasSubstr("is empty: refusing to delete the destination's 5 files"));
    EXPECT_THAT(refused.result["deletions"].get<std::string>(), HasSubstr("nothing was deleted"));
    EXPECT_EQ(listing(box.root() / "dst"), before);

    auto forced = box.run(mirror({{"force_delete", true}}));
    ASSERT_EQ(forced.status, DMS_STATUS_OK) << forced.message;
    EXPECT_EQ(forced.result["deleted"]["files"], 5);
    EXPECT_TRUE(stdfs::is_empty(box.root() / "dst"));
}

TEST(SyncGuardTest, MaxDeleteAsACountOrAPercentageOfTheDestination) {
    SyncSandbox box;
    make_half_gone(box);
    const auto before = listing(box.root() / "dst");
    auto by_default = box.run(mirror());
    EXPECT_EQ(by_default.status, DMS_STATUS_ERROR);
    EXPECT_THAT(by_default.message, HasSubstr("refusing to delete 10 files of the destination's 20, more than "
                                              "max_delete 10% (2); nothing was deleted"));
    auto by_count = box.run(mirror({{"max_delete", "9"}}));
    EXPECT_THAT(by_count.message, HasSubstr("more than max_delete 9 (9)"));
    auto dry = box.run(mirror({{"dry_run", true}}));
    ASSERT_EQ(dry.status, DMS_STATUS_OK);
    EXPECT_THAT(dry.result["delete_guard"].get<std::string>(), HasSubstr("would refuse: refusing to delete 10"));
    EXPECT_EQ(listing(box.root() / "dst"), before);

    auto by_percent = box.run(mirror({{"max_delete", "50%"}}));
    ASSERT_EQ(by_percent.status, DMS_STATUS_OK) << by_percent.message;
    EXPECT_EQ(by_percent.result["deleted"]["files"], 10);
    EXPECT_EQ(listing(box.root() / "dst"), listing(box.root() / "src"));
}

TEST(SyncGuardTest, ForceDeleteLiftsMaxDelete) {
    SyncSandbox box;
    make_half_gone(box);
    auto forced = box.run(mirror({{"max_delete", 0}, {"force_delete", "true"}}));
    ASSERT_EQ(forced.status, DMS_STATUS_OK) << forced.message;
    EXPECT_EQ(forced.result["deleted"]["files"], 10);
}

TEST(SyncGuardTest, NothingIsDeletedWhenACopyFailed) {
    SyncSandbox box;
    write_text(box.root() / "src/a.txt", "a");
    write_text(box.root() / "src/b.txt", "b");
    write_text(box.root() / "dst/extra.txt", "extra");
    const stdfs::path temp = box.root() / "dst/.b.txt.dms-part-00000000";
    write_text(temp, "");
    int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);  // another writer holds b.txt's temporary file
    auto report = box.run(mirror({{"max_delete", "100%"}}));
    ::close(fd);
    EXPECT_EQ(report.status, DMS_STATUS_ERROR);
    EXPECT_THAT(report.message, HasSubstr("b.txt: being written by another task"));
    EXPECT_EQ(report.result["deletions"], "skipped: 1 files failed; nothing was deleted");
    EXPECT_EQ(report.result["deleted"]["files"], 0);
    EXPECT_TRUE(stdfs::exists(box.root() / "dst/extra.txt"));
    EXPECT_EQ(read_text(box.root() / "dst/a.txt"), "a");
}

TEST(SyncGuardTest, SubmissionsThatCouldDestroyTheSourceAreRefused) {
    SyncSandbox box;
    write_text(box.root() / "dst/sub/f", "f");
    EXPECT_THAT(box.validate(mirror({{"source", "dst/sub"}})), Optional(HasSubstr("would delete its own source")));
    EXPECT_THAT(box.validate(mirror({{"max_delete", "abc"}})), Optional(HasSubstr("parameter 'max_delete'")));
    EXPECT_THAT(box.validate(mirror({{"max_delete", "120%"}})), Optional(HasSubstr("parameter 'max_delete'")));
    EXPECT_THAT(box.validate(mirror({{"recursive", true}})), Optional(HasSubstr("unknown parameter 'recursive'")));
    EXPECT_EQ(box.validate(mirror({{"max_delete", 25}})), std::nullopt);
}

}  // namespace
}  // namespace dms::test
