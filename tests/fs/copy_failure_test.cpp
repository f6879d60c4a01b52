// The copy executor when things go wrong: per-file failures, fail_fast, vanishing sources, and every
// way out of the allowed root, refused at submit and again at run time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <thread>

#include "copy_executor.hpp"
#include "plugin_sandbox.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Optional;
using CopySandbox = PluginSandbox<plugins::CopyExecutor>;

void make_conflict(const CopySandbox& box) {
    write_text(box.root() / "src/a.txt", "a");
    write_text(box.root() / "src/b.txt", "b");
    write_text(box.root() / "src/c/d.txt", "d");
    write_text(box.root() / "dst/b.txt/inside", "a folder where the source has a file");
}

TEST(CopyFailureTest, OneFailedFileDoesNotStopTheOthersAndFailsTheTaskAtTheEnd) {
    CopySandbox box;
    make_conflict(box);
    auto report = box.run({{"source", "src"}, {"destination", "dst"}});
    EXPECT_EQ(report.status, DMS_STATUS_ERROR);
    EXPECT_THAT(report.message, HasSubstr("1 of 3 files failed; first: b.txt: the destination is a folder"));
    EXPECT_EQ(report.result["failed"]["files"], 1) << report.result.dump();
    EXPECT_EQ(report.result["copied"]["files"], 2);
    EXPECT_EQ(report.result["failures"][0]["path"], "b.txt");
    EXPECT_EQ(read_text(box.root() / "dst/a.txt"), "a");
    EXPECT_EQ(read_text(box.root() / "dst/c/d.txt"), "d");
    EXPECT_TRUE(stdfs::is_directory(box.root() / "dst/b.txt"));
}

TEST(CopyFailureTest, FailFastStopsAtTheFirstFailure) {
    CopySandbox box;
    make_conflict(box);
    auto report = box.run({{"source", "src"}, {"destination", "dst"}, {"fail_fast", "true"}});
    EXPECT_EQ(report.status, DMS_STATUS_ERROR);
    EXPECT_THAT(report.message, HasSubstr("fail_fast stopped the transfer"));
    EXPECT_EQ(report.result["copied"]["files"], 0) << report.result.dump();
    EXPECT_FALSE(stdfs::exists(box.root() / "dst/a.txt"));
}

TEST(CopyFailureTest, AFileBeingWrittenByAnotherTaskFailsAlone) {
    CopySandbox box;
    write_text(box.root() / "src/a.txt", "a");
    write_text(box.root() / "src/b.txt", "b");
    const stdfs::path temp = box.root() / "dst/.b.txt.dms-part-00000000";
    write_text(temp, "another writer's bytes");
    int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    auto report = box.run({{"source", "src"}, {"destination", "dst"}});
    ::close(fd);
    EXPECT_EQ(report.status, DMS_STATUS_ERROR);
    EXPECT_EQ(report.result["failures"],
              nlohmann::json::parse(R"([{"path": "b.txt", "reason": "being written by another task"}])"));
    EXPECT_EQ(read_text(box.root() / "dst/a.txt"), "a");
    EXPECT_EQ(read_text(temp), "another writer's bytes");
}

TEST(CopyFailureTest, SourcesVanishingMidRunAreReportedPerFile) {
    CopySandbox box;
    write_pattern(box.root() / "src/big.bin", 64 << 20, 3);
    for (int i = 0; i < 10; ++i) write_text(box.root() / "src/z" / ("f" + std::to_string(i)), "small");
    // One worker: the big file (planned first, from the top folder) is copied and verified while the
    // test removes the folder of small files the plan has already counted.
    std::thread remover([&] {
        if (poll_until([&] { return !temp_files_below(box.root() / "dst").empty(); }, std::chrono::seconds(20))) {
            stdfs::remove_all(box.root() / "src/z");
        }
    });
    auto report = box.run({{"source", "src"}, {"destination", "dst"}, {"parallel", 1}, {"verify", "sha256"}});
    remover.join();
    EXPECT_EQ(report.status, DMS_STATUS_ERROR);
    EXPECT_EQ(report.result["failed"]["files"], 10) << report.result.dump();
    for (const auto& failure : report.result["failures"]) {
        EXPECT_THAT(failure["path"].get<std::string>(), ::testing::StartsWith("z/"));
        EXPECT_THAT(failure["reason"].get<std::string>(), HasSubstr("vanished"));
    }
    EXPECT_EQ(report.result["copied"]["files"], 1);
    EXPECT_EQ(stdfs::file_size(box.root() / "dst/big.bin"), 64u << 20);
}

TEST(CopyFailureTest, EveryEscapeIsRefusedAtSubmit) {
    CopySandbox box;
    write_text(box.root() / "src/f.txt", "f");
    write_text(box.outside() / "secret.txt", "secret");
    stdfs::create_symlink(box.outside(), box.root() / "out");
    auto refusal = [&](const std::string& source, const std::string& destination) {
        return box.validate({{"source", source}, {"destination", destination}}).value_or("accepted");
    };
    EXPECT_THAT(refusal("../outside/secret.txt", "dst"), HasSubstr("must not contain '..'"));
    EXPECT_THAT(refusal("src", "dst/../../outside"), HasSubstr("must not contain '..'"));
    EXPECT_THAT(refusal("/etc/passwd", "dst"), HasSubstr("outside the allowed roots"));
    EXPECT_THAT(refusal((box.outside() / "secret.txt").string(), "dst"), HasSubstr("outside the allowed roots"));
    EXPECT_THAT(refusal("out/secret.txt", "dst"), HasSubstr("outside its allowed root"));
    EXPECT_THAT(refusal("src", "out/stolen"), HasSubstr("(a symbolic link leads out)"));
    EXPECT_EQ(refusal("src", "dst"), "accepted");
    EXPECT_EQ(refusal((box.root() / "src").string(), "dst"), "accepted");
    EXPECT_THAT(box.validate({{"source", "src"}}), Optional(HasSubstr("'destination' is required")));
    EXPECT_THAT(box.validate({{"source", "src"}, {"destination", "d"}, {"verify", "md5"}}),
                Optional(HasSubstr("none | xxh3 | sha256")));
}

TEST(CopyFailureTest, EveryEscapeIsRefusedAtRunTimeToo) {
    CopySandbox box;
    write_text(box.root() / "src/f.txt", "f");
    write_text(box.outside() / "secret.txt", "secret");
    stdfs::create_symlink(box.outside(), box.root() / "out");
    const auto outside_before = listing(box.outside());
    auto read_out = box.run({{"source", "out/secret.txt"}, {"destination", "dst"}});
    EXPECT_EQ(read_out.status, DMS_STATUS_ERROR);
    EXPECT_THAT(read_out.message, HasSubstr("resolves outside its allowed root"));
    auto write_out = box.run({{"source", "src"}, {"destination", "out/stolen"}});
    EXPECT_EQ(write_out.status, DMS_STATUS_ERROR);
    EXPECT_THAT(write_out.message, HasSubstr("resolves outside its allowed root"));
    EXPECT_EQ(listing(box.outside()), outside_before);
    EXPECT_FALSE(stdfs::exists(box.root() / "dst"));
}

TEST(CopyFailureTest, ALinkSwappedInAfterSubmitCannotLeadOut) {
    CopySandbox box;
    write_text(box.root() / "src/f.txt", "f");
    stdfs::create_directories(box.root() / "dst");
    write_text(box.outside() / "secret.txt", "secret");
    ASSERT_EQ(box.validate({{"source", "src"}, {"destination", "copy"}}), std::nullopt);
    ASSERT_EQ(box.validate({{"source", "src"}, {"destination", "dst/sub"}}), std::nullopt);
    stdfs::rename(box.root() / "src", box.root() / "src-real");
    stdfs::create_symlink(box.outside(), box.root() / "src");
    stdfs::rename(box.root() / "dst", box.root() / "dst-real");
    stdfs::create_symlink(box.outside(), box.root() / "dst");
    const auto outside_before = listing(box.outside());

    auto source_swapped = box.run({{"source", "src"}, {"destination", "copy"}});
    EXPECT_EQ(source_swapped.status, DMS_STATUS_ERROR);
    EXPECT_THAT(source_swapped.message, HasSubstr("resolves outside its allowed root"));
    EXPECT_FALSE(stdfs::exists(box.root() / "copy/secret.txt"));
    auto destination_swapped = box.run({{"source", "src-real"}, {"destination", "dst/sub"}});
    EXPECT_EQ(destination_swapped.status, DMS_STATUS_ERROR);
    EXPECT_THAT(destination_swapped.message, HasSubstr("resolves outside its allowed root"));
    EXPECT_EQ(listing(box.outside()), outside_before);
}

TEST(CopyFailureTest, ATreeIsNeverCopiedIntoItself) {
    CopySandbox box;
    write_text(box.root() / "src/f.txt", "f");
    stdfs::create_symlink("src", box.root() / "alias");
    EXPECT_THAT(box.validate({{"source", "src"}, {"destination", "src/inner"}}),
                Optional(HasSubstr("a folder cannot be copied into itself")));
    EXPECT_THAT(box.validate({{"source", "src/"}, {"destination", "./src"}}), Optional(HasSubstr("same path")));
    // Lexically different, the same folder on disk: the run-time check by inode catches it.
    auto report = box.run({{"source", "src"}, {"destination", "alias/inner"}});
    EXPECT_EQ(report.status, DMS_STATUS_ERROR);
    EXPECT_THAT(report.message, HasSubstr("a folder cannot be copied into itself"));
    EXPECT_FALSE(stdfs::exists(box.root() / "src/inner"));
}

}  // namespace
}  // namespace dms::test
