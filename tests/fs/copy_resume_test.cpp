// Cancel, crash and rerun: no partial file under a final name, temporary files cleaned up or kept as the
// resume point, and a later attempt doing only what is left.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <thread>

#include "copy_executor.hpp"
#include "plugin_sandbox.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using ::testing::HasSubstr;
using CopySandbox = PluginSandbox<plugins::CopyExecutor>;
constexpr std::uint64_t kMiB = 1 << 20;
constexpr const char* kTemp = ".big.bin.dms-part-00000000";  // the fake host's task id starts 00000000

// Final-named files below `root`; safe while a transfer runs.
std::uint64_t regular_files(const stdfs::path& root) {
    std::uint64_t count = 0;
    for (const stdfs::path& path : paths_below(root)) {
        std::error_code gone;
        count += stdfs::is_regular_file(path, gone) && path.filename().string().find(".dms-part-") == std::string::npos;
    }
    return count;
}

std::int64_t mtime_ns(const stdfs::path& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

TEST(CopyResumeTest, ACancelMidFileKeepsAResumePointAndTheNextAttemptResumesFromIt) {
    CopySandbox box;
    const std::uint64_t size = 256 * kMiB;
    write_pattern(box.root() / "big.bin", size, 11);
    const nlohmann::json parameters{{"source", "big.bin"}, {"destination", "out/big.bin"}};
    std::thread canceller([&] {
        // Once a first chunk is written, so that there is something worth resuming.
        poll_until(
            [&] {
                std::error_code missing;
                const auto size = stdfs::file_size(box.root() / "out" / kTemp, missing);
                return !missing && size >= 8 * kMiB;
            },
            std::chrono::seconds(20));
        box.host().cancel();
    });
    auto first = box.run(parameters);
    canceller.join();
    box.host().reset_cancel();
    ASSERT_EQ(first.status, DMS_STATUS_CANCELLED) << first.message << first.result.dump();
    EXPECT_FALSE(stdfs::exists(box.root() / "out/big.bin")) << "a partial file under its final name";
    const auto kept = first.result["cancelled"]["kept_for_resume"];
    std::string logs;
    for (const auto& line : first.logs) logs += line.message + "\n";
    ASSERT_EQ(kept.size(), 1u) << first.result.dump() << logs;
    const std::uint64_t offset = kept[0]["bytes"];
    EXPECT_GE(offset, 8 * kMiB);
    EXPECT_LT(offset, size);
    const auto cursor = nlohmann::json::parse(first.last_checkpoint());
    EXPECT_EQ(cursor["offset"], offset);
    EXPECT_EQ(cursor["temp"], kTemp);

    auto second = box.run(parameters, first.last_checkpoint(), 2);
    ASSERT_EQ(second.status, DMS_STATUS_OK) << second.message;
    EXPECT_EQ(second.result["resumed"], nlohmann::json({{"file", "big.bin"}, {"offset", offset}}));
    EXPECT_EQ(second.result["copied"]["bytes"], size - offset);
    EXPECT_EQ(listing(box.root() / "out")["big.bin"].digest, listing(box.root())["big.bin"].digest);
    EXPECT_TRUE(temp_files_below(box.root()).empty());
}

TEST(CopyResumeTest, ACancelMidTreeLeavesOnlyWholeFilesAndTheRerunCopiesTheRest) {
    CopySandbox box;
    for (int i = 0; i < 200; ++i) {
        write_pattern(box.root() / "src" / ("d" + std::to_string(i % 4)) / ("f" + std::to_string(i)), 256 << 10, i);
    }
    const nlohmann::json parameters{{"source", "src"}, {"destination", "dst"}, {"parallel", 2}};
    std::thread canceller([&] {
        poll_until([&] { return regular_files(box.root() / "dst") >= 20; }, std::chrono::seconds(30));
        box.host().cancel();
    });
    auto first = box.run(parameters);
    canceller.join();
    box.host().reset_cancel();
    ASSERT_EQ(first.status, DMS_STATUS_CANCELLED) << first.message;
    const std::uint64_t done = first.result["copied"]["files"];
    EXPECT_GE(done, 20u);
    EXPECT_LT(done, 200u);
    EXPECT_EQ(first.result["cancelled"]["not_copied"]["files"], 200 - done) << first.result.dump();
    EXPECT_TRUE(temp_files_below(box.root()).empty());
    const auto source = listing(box.root() / "src", false);
    for (const auto& [path, entry] : listing(box.root() / "dst", false)) {
        if (entry.type == 'f') {
            EXPECT_EQ(entry, source.at(path)) << path << ": not a whole copy";
        }
    }

    auto second = box.run(parameters, first.last_checkpoint(), 2);
    ASSERT_EQ(second.status, DMS_STATUS_OK) << second.message;
    EXPECT_EQ(second.result["copied"]["files"], 200 - done);
    EXPECT_EQ(second.result["skipped"]["files"], done);
    EXPECT_EQ(listing(box.root() / "dst"), listing(box.root() / "src"));
}

// What kill -9 leaves: a temporary file holding the checkpointed bytes and more, and the cursor.
struct CrashedAttempt {
    explicit CrashedAttempt(const CopySandbox& box) {
        write_pattern(box.root() / "big.bin", 32 * kMiB, 5);
        const std::string data = read_text(box.root() / "big.bin");
        write_text(box.root() / "out" / kTemp, data.substr(0, 14 * kMiB));
        write_text(box.root() / "out/.gone.txt.dms-part-00000000", "a file no longer in the source");
        write_text(box.root() / "out/.other.dms-part-abcdef12", "another task's");
        cursor = nlohmann::json{{"v", 1},
                                {"phase", "copy"},
                                {"file", "big.bin"},
                                {"temp", kTemp},
                                {"offset", 12 * kMiB},
                                {"source_size", 32 * kMiB},
                                {"source_mtime_ns", mtime_ns(box.root() / "big.bin")}}
                     .dump();
    }
    std::string cursor;
};

TEST(CopyResumeTest, TheAttemptAfterACrashResumesFromTheCheckpointAndRemovesItsStaleTemporaryFiles) {
    CopySandbox box;
    CrashedAttempt crashed(box);
    auto report = box.run({{"source", "big.bin"}, {"destination", "out/"}}, crashed.cursor, 2);
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_EQ(report.result["resumed"]["offset"], 12 * kMiB);
    EXPECT_EQ(report.result["copied"]["bytes"], 20 * kMiB);
    EXPECT_EQ(listing(box.root() / "out")["big.bin"].digest, listing(box.root())["big.bin"].digest);
    EXPECT_FALSE(stdfs::exists(box.root() / "out/.gone.txt.dms-part-00000000"));
    EXPECT_TRUE(stdfs::exists(box.root() / "out/.other.dms-part-abcdef12")) << "another task's file was touched";
    bool logged = false;
    for (const auto& line : report.logs) logged = logged || line.message.find("resuming big.bin at byte") == 0;
    EXPECT_TRUE(logged);
}

TEST(CopyResumeTest, ASourceChangedSinceTheCheckpointIsCopiedFromByteZero) {
    CopySandbox box;
    CrashedAttempt crashed(box);
    set_mtime(box.root() / "big.bin", 1600000000);
    auto report = box.run({{"source", "big.bin"}, {"destination", "out/"}}, crashed.cursor, 2);
    ASSERT_EQ(report.status, DMS_STATUS_OK) << report.message;
    EXPECT_FALSE(report.result.contains("resumed"));
    EXPECT_EQ(report.result["copied"]["bytes"], 32 * kMiB);
    EXPECT_EQ(listing(box.root() / "out")["big.bin"].digest, listing(box.root())["big.bin"].digest);
}

}  // namespace
}  // namespace dms::test
