#include <gtest/gtest.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

#include "util/thread_name.hpp"

namespace dms::util {
namespace {

// The name the kernel shows for the calling thread, as top -H and ps -L read it.
std::string own_thread_name() {
    std::ifstream comm("/proc/self/task/" + std::to_string(::syscall(SYS_gettid)) + "/comm");
    std::string name;
    std::getline(comm, name);
    return name;
}

// The name a new thread shows after naming itself `name`.
std::string shown_after_naming(const std::string& name) {
    std::string seen;
    std::thread([&] {
        name_this_thread(name);
        seen = own_thread_name();
    }).join();
    return seen;
}

TEST(ThreadNameTest, AThreadShowsItsNameToTheKernel) { EXPECT_EQ(shown_after_naming("dms-submit"), "dms-submit"); }

TEST(ThreadNameTest, ANameTooLongForTheKernelIsCutNotRefused) {
    EXPECT_EQ(shown_after_naming("dms-worker-1234567890"), "dms-worker-1234");
}

}  // namespace
}  // namespace dms::util
