// Units of plugins/common: temporary names and locks, the kernel-side copier, cursors, delete limits.
#include <dms/sdk.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "delete_limit.hpp"
#include "file_copier.hpp"
#include "file_hasher.hpp"
#include "resume_cursor.hpp"
#include "support/temp_dir.hpp"
#include "temp_file.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using namespace dms::fs;
constexpr std::uint64_t kMiB = 1 << 20;

// Counts what a copy reports; stops after `stop_after` chunks.
class CountingObserver : public CopyObserver {
 public:
    explicit CountingObserver(int stop_after = -1) : stop_after_(stop_after) {}
    void advanced(std::uint64_t bytes) override { advanced_ += bytes; }
    void chunk_done(std::uint64_t) override { ++chunks_; }
    bool should_stop() override { return stop_after_ >= 0 && chunks_ >= stop_after_; }
    std::uint64_t advanced_ = 0;
    int chunks_ = 0;

 private:
    int stop_after_;
};

TEST(TempFileTest, NamesAreHiddenPerTaskAndRecognised) {
    const std::string suffix = TempFile::suffix_for("1234abcd-0000-4000-8000-000000000000");
    EXPECT_EQ(suffix, ".dms-part-1234abcd");
    EXPECT_EQ(TempFile::name_for("report.csv", suffix), ".report.csv.dms-part-1234abcd");
    EXPECT_LE(TempFile::name_for(std::string(255, 'x'), suffix).size(), 255u);
    EXPECT_TRUE(TempFile::is_temp_name(".report.csv.dms-part-1234abcd"));
    EXPECT_FALSE(TempFile::is_temp_name("report.csv.dms-part-1234abcd"));
    EXPECT_FALSE(TempFile::is_temp_name(".report.csv"));
    EXPECT_FALSE(TempFile::is_temp_name(".x.dms-part-"));
}

TEST(TempFileTest, ALiveWriterIsNeverDisturbedAndAStaleFileIsTakenOver) {
    TempDir dir;
    write_text(dir.path() / ".f.dms-part-aaaaaaaa", "0123456789");
    int folder = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    {
        int holder = ::open((dir.path() / ".f.dms-part-aaaaaaaa").c_str(), O_RDONLY | O_CLOEXEC);
        ASSERT_EQ(::flock(holder, LOCK_EX), 0);
        try {
            TempFile busy(folder, ".f.dms-part-aaaaaaaa", "f", 0);
            ADD_FAILURE() << "opened a file another writer holds";
        } catch (const std::system_error& error) {
            EXPECT_EQ(error.code().value(), EBUSY);
        }
        ::close(holder);
        EXPECT_EQ(read_text(dir.path() / ".f.dms-part-aaaaaaaa"), "0123456789") << "a live writer's bytes were cut";
    }
    {
        TempFile resumed(folder, ".f.dms-part-aaaaaaaa", "f", 4);
        EXPECT_EQ(resumed.resumed_from(), 4u);
        EXPECT_EQ(stdfs::file_size(dir.path() / ".f.dms-part-aaaaaaaa"), 4u);
    }
    EXPECT_FALSE(stdfs::exists(dir.path() / ".f.dms-part-aaaaaaaa")) << "an uncommitted file is removed";
    write_text(dir.path() / ".g.dms-part-aaaaaaaa", "abc");
    {
        TempFile too_short(folder, ".g.dms-part-aaaaaaaa", "g", 10);
        EXPECT_EQ(too_short.resumed_from(), 0u);
        ASSERT_EQ(::write(too_short.fd(), "whole", 5), 5);
        too_short.commit();
    }
    EXPECT_EQ(read_text(dir.path() / "g"), "whole");
    ::close(folder);
}

TEST(FileCopierTest, CopiesSparseFilesHoleByHoleAndStopsBetweenChunks) {
    TempDir dir;
    make_sparse(dir.path() / "in", 64 * kMiB, {0, 40 * kMiB});
    int in = ::open((dir.path() / "in").c_str(), O_RDONLY | O_CLOEXEC);
    int out = ::open((dir.path() / "out").c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    CountingObserver all;
    CopyOutcome outcome = FileCopier(in, out, 64 * kMiB, true).copy(0, all);
    EXPECT_TRUE(outcome.complete);
    EXPECT_EQ(all.advanced_, 64 * kMiB);
    EXPECT_EQ(all.chunks_, 2) << "only the two data blocks are copied";
    EXPECT_LT(allocated_bytes(dir.path() / "out"), 8 * kMiB);
    EXPECT_EQ(listing(dir.path())["out"].digest, listing(dir.path())["in"].digest);

    write_pattern(dir.path() / "dense", 20 * kMiB, 1);
    int dense = ::open((dir.path() / "dense").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_EQ(::ftruncate(out, 0), 0);  // a copy writes into an empty (or resumed) temporary file
    CountingObserver one_chunk(1);
    CopyOutcome partial = FileCopier(dense, out, 20 * kMiB, false).copy(0, one_chunk);
    EXPECT_FALSE(partial.complete);
    EXPECT_EQ(partial.offset, FileCopier::kChunk);
    CountingObserver rest;
    EXPECT_TRUE(FileCopier(dense, out, 20 * kMiB, false).copy(partial.offset, rest).complete);
    EXPECT_EQ(rest.advanced_, 20 * kMiB - FileCopier::kChunk);
    EXPECT_EQ(listing(dir.path())["out"].digest, listing(dir.path())["dense"].digest);
    for (int fd : {in, out, dense}) ::close(fd);
}

TEST(FileHasherTest, KnownDigests) {
    TempDir dir;
    write_text(dir.path() / "abc", "abc");
    int fd = ::open((dir.path() / "abc").c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_EQ(FileHasher(HashKind::sha256).hex_of(fd),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(FileHasher(HashKind::xxh3).hex_of(fd), "78af5f94892f3950");
    ::close(fd);
}

TEST(ResumeCursorTest, RoundTripsAndRejectsForeignText) {
    ResumeCursor cursor{"copy", "a/big.bin", "a/.big.bin.dms-part-12345678", 64 * kMiB, 100 * kMiB, 42};
    auto back = ResumeCursor::parse(cursor.text());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->file, "a/big.bin");
    EXPECT_EQ(back->temp, "a/.big.bin.dms-part-12345678");
    EXPECT_EQ(back->offset, 64 * kMiB);
    EXPECT_EQ(back->source_mtime_ns, 42);
    EXPECT_FALSE(ResumeCursor::parse(""));
    EXPECT_FALSE(ResumeCursor::parse("12.5"));
    EXPECT_FALSE(ResumeCursor::parse(R"({"v": 2})"));
}

TEST(DeleteLimitTest, CountsAndPercentagesRoundedUp) {
    EXPECT_EQ(DeleteLimit::parse("100")->allowed(5), 100u);
    EXPECT_EQ(DeleteLimit::parse(7)->allowed(1000), 7u);
    EXPECT_EQ(DeleteLimit::parse("10%")->allowed(5), 1u);
    EXPECT_EQ(DeleteLimit::parse("10%")->allowed(20), 2u);
    EXPECT_EQ(DeleteLimit::parse("0%")->allowed(20), 0u);
    EXPECT_EQ(DeleteLimit::parse("12.5%")->text(), "12.5%");
    EXPECT_EQ(DeleteLimit().text(), DeleteLimit::kDefault);
    for (const char* bad : {"", "%", "-1", "101%", "ten", "1.5"}) EXPECT_FALSE(DeleteLimit::parse(bad)) << bad;
    EXPECT_FALSE(DeleteLimit::parse(-3));
    EXPECT_FALSE(DeleteLimit::parse(true));
}

}  // namespace
}  // namespace dms::test
