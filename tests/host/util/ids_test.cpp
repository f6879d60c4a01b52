#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dms::util {
namespace {

TEST(IdsTest, NewIdsAreCanonicalVersion4UuidsAndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        std::string id = new_task_id();
        ASSERT_EQ(id.size(), 36u) << id;
        EXPECT_TRUE(looks_like_task_id(id)) << id;
        EXPECT_EQ(id[14], '4') << id;
        EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 100u);
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
