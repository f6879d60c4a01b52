// A runner's stdout and stderr: read whatever comes, keep only bounded, printable lines.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "runner/runner_output.hpp"

namespace dms::runner {
namespace {

TEST(RunnerOutputTest, ReadsEverythingTillEndOfFileHoweverLongTheLines) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_NONBLOCK), 0);
    RunnerOutput output("test");
    const std::string garbage(100 * 1024, '\x01');  // one endless line of unprintable bytes
    std::size_t written = 0;
    bool open = true;
    while (written < garbage.size() || open) {
        if (written < garbage.size()) {
            const ssize_t n = ::write(ends[1], garbage.data() + written, garbage.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if (written == garbage.size()) ::close(ends[1]);
        }
        open = output.drain(ends[0]);
    }
    output.finish();
    ::close(ends[0]);
    EXPECT_EQ(output.bytes_read(), garbage.size());
}

}  // namespace
}  // namespace dms::runner
