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

TEST(ThreadNameTest, AThreadShowsItsNameToTheKernel) {
    std::string seen;
    std::thread([&] {
        name_this_thread("dms-submit");
        seen = own_thread_name();
    }).join();
    EXPECT_EQ(seen, "dms-submit");
}

TEST(ThreadNameTest, ANameTooLongForTheKernelIsCutNotRefused) {
    std::string seen;
    std::thread([&] {
        name_this_thread("dms-worker-1234567890");
        seen = own_thread_name();
    }).join();
    EXPECT_EQ(seen, "dms-worker-1234");
}

}  // namespace
}  // namespace dms::util
