#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

namespace dms::util {
namespace {

TEST(IdsTest, NewIdsAreCanonicalVersion7UuidsAndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        std::string id = new_task_id();
        ASSERT_EQ(id.size(), 36u) << id;
        EXPECT_TRUE(looks_like_task_id(id)) << id;
        EXPECT_EQ(id[14], '7') << id;
        EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(IdsTest, NewIdsStartWithTheTimeSoLaterOnesSortAfter) {
    auto millis_of = [](const std::string& id) { return std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16); };
    auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    std::string first = new_task_id();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::string second = new_task_id();
    EXPECT_GE(millis_of(first), before);
    EXPECT_LE(millis_of(first) - before, 1000) << first;
    EXPECT_LT(first, second) << "ids made a few milliseconds apart sort by time";
}

TEST(IdsTest, RejectsWhatIsNotACanonicalUuid) {
    EXPECT_TRUE(looks_like_task_id("123e4567-e89b-42d3-a456-426614174000"));
    EXPECT_FALSE(looks_like_task_id(""));
    EXPECT_FALSE(looks_like_task_id("not-a-uuid"));
    EXPECT_FALSE(looks_like_task_id("123e4567e89b42d3a456426614174000"));
    EXPECT_FALSE(looks_like_task_id("123e4567-e89b-42d3-a456-42661417400g"));
    EXPECT_FALSE(looks_like_task_id("123e4567-e89b-42d3-a456-4266141740000"));
    EXPECT_FALSE(looks_like_task_id("../../etc/passwd"));
}

}  // namespace
}  // namespace dms::util
