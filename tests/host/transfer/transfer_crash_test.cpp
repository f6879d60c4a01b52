// kill -9 of a real dms-host in the middle of a copy: no partial file under its final name, and the
// requeued task completes after the restart, resuming from its checkpoint when it had one.
#include <gtest/gtest.h>

#include "support/host_process.hpp"
#include "support/test_host.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using namespace std::chrono_literals;

std::uint64_t largest_temp(const stdfs::path& folder) {
    std::uint64_t largest = 0;
    for (const std::string& temp : temp_files_below(folder)) {
        std::error_code gone;
        const auto size = stdfs::file_size(temp, gone);
        if (!gone) largest = std::max<std::uint64_t>(largest, size);
    }
    return largest;
}

TEST(TransferCrashTest, Kill9MidCopyLeavesNoPartialFileAndTheRequeuedTaskCompletes) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.plugin_dir = make_plugin_dir(dir.path() / "plugins", {bundled_plugin("copy")});
    const stdfs::path root = dir.path() / "data/files";
    const std::uint64_t size = 384ull << 20;
    write_pattern(root / "big.bin", size, 21);
    const std::string body =
        nlohmann::json{{"parameters", {{"source", "big.bin"}, {"destination", "out/big.bin"}}}}.dump();
    std::string id;
    {
        HostProcess host(options);
        HttpClient client(host.port());
        id = submit_task(client, "copy", "alice", "", body)["task_id"];
        // Past the first checkpoint (64 MiB, on disk), well before the end.
        ASSERT_TRUE(poll_until([&] { return largest_temp(root / "out") >= (160ull << 20); }, 30s)) << host.log();
        host.kill9();
    }
    EXPECT_FALSE(stdfs::exists(root / "out/big.bin")) << "a partial file under its final name";
    EXPECT_EQ(temp_files_below(root / "out").size(), 1u);

    HostProcess host(options);
    HttpClient client(host.port());
    auto task = wait_for_status(client, "copy", "alice", id, "completed", 60s);
    EXPECT_EQ(task["attempts"], 2) << task.dump();
    EXPECT_EQ(listing(root / "out")["big.bin"].digest, listing(root)["big.bin"].digest);
    EXPECT_TRUE(temp_files_below(root).empty());
    ASSERT_TRUE(task["result"].contains("resumed")) << task.dump();
    const std::uint64_t offset = task["result"]["resumed"]["offset"];
    EXPECT_GT(offset, 0u);
    EXPECT_EQ(task["result"]["copied"]["bytes"], size - offset);
    EXPECT_TRUE(has_log_containing(task, "resuming big.bin at byte"));
    EXPECT_EQ(host.terminate(), 0);
}

}  // namespace
}  // namespace dms::test
