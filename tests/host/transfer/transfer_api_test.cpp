// copy and sync in a real host over HTTP: what /services shows, real data moved, 422 for every escape,
// a link swapped in while the task waited in its queue, and a cancel that says what it cleaned up.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_host.hpp"
#include "tree_helpers.hpp"

namespace dms::test {
namespace {

namespace stdfs = std::filesystem;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::string body(const nlohmann::json& parameters) { return nlohmann::json{{"parameters", parameters}}.dump(); }

stdfs::path files_root(TestHost& host) { return host.config().data_dir / "files"; }

// A host loading copy and sync (and sleep, to hold a worker), with `workers` workers.
TestHost::Adjust transfer_plugins(unsigned workers = 2) {
    return [workers](config::Config& config, const stdfs::path& root) {
        config.plugin_dir = make_plugin_dir(root / "transfer-plugins",
                                            {bundled_plugin("copy"), bundled_plugin("sync"), bundled_plugin("sleep")});
        config.worker_count = workers;
    };
}

Response post(TestHost& host, std::string_view service, const nlohmann::json& parameters) {
    return host.client().post(tasks_path(service, "alice"), body(parameters), {{"Content-Type", "application/json"}});
}

TEST(TransferApiTest, ServicesListCopyAndSyncWithTheirParameters) {
    TestHost host(transfer_plugins());
    const nlohmann::json services = host.client().get("/api/v1/services").json()["services"];
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& service : services) by_name[service["name"]] = service;
    ASSERT_TRUE(by_name.contains("copy") && by_name.contains("sync")) << services.dump();
    std::map<std::string, nlohmann::json> copy, sync;
    for (const auto& parameter : by_name["copy"]["parameters"]) copy[parameter["name"]] = parameter;
    for (const auto& parameter : by_name["sync"]["parameters"]) sync[parameter["name"]] = parameter;
    for (const char* name :
         {"source", "destination", "overwrite", "verify", "follow_symlinks", "fail_fast", "parallel"}) {
        EXPECT_TRUE(copy.contains(name)) << name;
    }
    for (const char* name : {"source", "destination", "delete", "dry_run", "checksum", "max_delete", "force_delete"}) {
        EXPECT_TRUE(sync.contains(name)) << name;
    }
    EXPECT_EQ(copy["source"]["required"], true);
    EXPECT_EQ(copy["overwrite"]["default"], "if-different");
    EXPECT_EQ(sync["max_delete"]["default"], "10%");
    EXPECT_EQ(sync["delete"]["default"], false);
}

TEST(TransferApiTest, CopyAndSyncMoveRealDataThroughTheApi) {
    TestHost host(transfer_plugins());
    const stdfs::path root = files_root(host);
    write_text(root / "src/a.txt", "alpha");
    write_text(root / "src/sub/b.txt", "bravo");
    std::string copy_id =
        host.submit("copy", "alice", "", body({{"source", "src"}, {"destination", "copy"}}))["task_id"];
    auto copied = host.wait_for_status("copy", "alice", copy_id, "completed");
    EXPECT_EQ(copied["result"]["copied"]["files"], 2) << copied.dump();
    EXPECT_EQ(copied["progress"]["unit"], "bytes");
    EXPECT_EQ(copied["progress"]["total"], 10.0);
    EXPECT_TRUE(has_log_containing(copied, "summary: 2 files copied"));
    EXPECT_EQ(listing(root / "copy"), listing(root / "src"));

    std::string sync_id = host.submit("sync", "alice", "source=src&destination=mirror&delete=true")["task_id"];
    host.wait_for_status("sync", "alice", sync_id, "completed");
    EXPECT_EQ(listing(root / "mirror"), listing(root / "src"));
    write_text(root / "mirror/extra.txt", "extra");
    std::string dry_id = host.submit("sync", "alice",
                                     "source=src&destination=mirror&delete=true&dry_run=true&"
                                     "max_delete=100%25")["task_id"];
    auto dry = host.wait_for_status("sync", "alice", dry_id, "completed");
    EXPECT_EQ(dry["result"]["plan"]["delete"]["paths"], nlohmann::json::array({"extra.txt"})) << dry.dump();
    EXPECT_TRUE(stdfs::exists(root / "mirror/extra.txt"));
}

TEST(TransferApiTest, EveryEscapeIsRefusedWith422) {
    TestHost host(transfer_plugins());
    const stdfs::path root = files_root(host);
    write_text(root / "src/a.txt", "a");
    write_text(host.root() / "outside/secret.txt", "secret");
    stdfs::create_symlink(host.root() / "outside", root / "out");
    struct Case {
        std::string service;
        nlohmann::json parameters;
        std::string message;
    };
    const std::vector<Case> cases{
        {"copy", {{"source", "../outside/secret.txt"}, {"destination", "x"}}, "must not contain '..'"},
        {"copy",
         {{"source", (host.root() / "outside/secret.txt").string()}, {"destination", "x"}},
         "outside the allowed roots"},
        {"copy", {{"source", "out/secret.txt"}, {"destination", "x"}}, "outside its allowed root"},
        {"copy", {{"source", "src"}, {"destination", "out/stolen"}}, "a symbolic link leads out"},
        {"copy", {{"source", "src"}, {"destination", "src/inner"}}, "cannot be copied into itself"},
        {"sync", {{"source", "src"}, {"destination", "/etc"}}, "outside the allowed roots"},
        {"sync", {{"source", "out"}, {"destination", "mirror"}}, "outside its allowed root"},
        {"sync", {{"source", "src/a.txt/.."}, {"destination", "mirror"}}, "must not contain '..'"},
    };
    for (const Case& c : cases) {
        Response response = post(host, c.service, c.parameters);
        EXPECT_EQ(response.status, 422u) << c.parameters.dump() << " -> " << response.describe();
        EXPECT_EQ(response.error_code(), "invalid_parameters");
        EXPECT_THAT(response.body, HasSubstr(c.message)) << c.parameters.dump();
    }
    EXPECT_EQ(listing(host.root() / "outside").size(), 1u);
}

TEST(TransferApiTest, ALinkSwappedInWhileTheTaskWaitedIsRefusedWhenItRuns) {
    TestHost host(transfer_plugins(1));
    const stdfs::path root = files_root(host);
    write_text(root / "src/a.txt", "a");
    write_text(host.root() / "outside/secret.txt", "secret");
    std::string blocker = host.submit("sleep", "ops", "seconds=60")["task_id"];
    host.wait_for_status("sleep", "ops", blocker, "running");
    std::string id = host.submit("copy", "alice", "", body({{"source", "src"}, {"destination", "dst"}}))["task_id"];
    EXPECT_EQ(host.get_task("copy", "alice", id)["status"], "queued");
    stdfs::rename(root / "src", root / "src-real");
    stdfs::create_symlink(host.root() / "outside", root / "src");  // swapped while queued

    ASSERT_EQ(host.admin_post("/admin/tasks/" + blocker + "/cancel").status, 200u);
    auto task = host.wait_for_status("copy", "alice", id, "failed");
    EXPECT_THAT(task["result"]["error"].get<std::string>(), HasSubstr("resolves outside its allowed root"))
        << task.dump();
    EXPECT_FALSE(stdfs::exists(root / "dst/secret.txt"));
    EXPECT_EQ(read_text(host.root() / "outside/secret.txt"), "secret");
}

TEST(TransferApiTest, ACancelledCopySaysWhatItCleanedUpAndLeftNoPartialFile) {
    TestHost host(transfer_plugins());
    const stdfs::path root = files_root(host);
    write_pattern(root / "big.bin", 256 << 20, 9);
    std::string id =
        host.submit("copy", "alice", "", body({{"source", "big.bin"}, {"destination", "out/big.bin"}}))["task_id"];
    ASSERT_TRUE(poll_until([&] { return !temp_files_below(root / "out").empty(); }, 20s));
    ASSERT_EQ(host.client().post(task_path("copy", id, "alice", "/cancel")).status, 200u);
    auto task = host.wait_for_status("copy", "alice", id, "cancelled");
    EXPECT_FALSE(stdfs::exists(root / "out/big.bin")) << task.dump();
    const auto& cleanup = task["result"]["cancelled"];
    EXPECT_EQ(cleanup["kept_for_resume"].size() + cleanup["temp_files_removed"].get<std::size_t>(), 1u) << task.dump();
    EXPECT_EQ(cleanup["not_copied"]["files"], 1);
    EXPECT_EQ(temp_files_below(root).size(), cleanup["kept_for_resume"].size());
}

}  // namespace
}  // namespace dms::test
