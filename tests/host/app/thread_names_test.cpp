#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "support/host_process.hpp"
#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// The names of a process's threads, as top -H and ps -L show them.
std::set<std::string> thread_names(pid_t pid) {
    std::set<std::string> names;
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", error)) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        if (std::getline(comm, name)) names.insert(name);
    }
    return names;
}

// An operator looking at a busy host with top -H sees which part is busy: the submit committer, an HTTP thread...
TEST(ThreadNamesTest, TheHostsThreadsCarryTheirRoleInTheirNames) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    HostProcess host(options);
    const std::set<std::string> expected{"dms-submit", "dms-finish",  "dms-http-1",   "dms-worker-1",
                                         "dms-monitor", "dms-maintain", "dms-schedule"};
    std::set<std::string> names;
    bool all_there = wait_until([&] {
        names = thread_names(host.pid());
        for (const std::string& name : expected) {
            if (!names.contains(name)) return false;
        }
        return true;
    }, 5s);
    std::string seen;
    for (const std::string& name : names) seen += name + " ";
    EXPECT_TRUE(all_there) << "threads: " << seen;
}

}  // namespace
}  // namespace dms::test
