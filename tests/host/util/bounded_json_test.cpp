#include "util/bounded_json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dms::util {
namespace {

std::string arrays(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST(BoundedJsonTest, ValidJsonWithinTheLimitParses) {
    auto value = parse_bounded_json(R"({"a": [1, {"b": null}], "c": "d"})");
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ((*value)["a"][1]["b"], nullptr);
    EXPECT_TRUE(parse_bounded_json(arrays(kMaxJsonDepth)).has_value());
}

TEST(BoundedJsonTest, OneLevelPastTheLimitIsRefused) {
    EXPECT_FALSE(parse_bounded_json(arrays(kMaxJsonDepth + 1)).has_value());
    EXPECT_FALSE(parse_bounded_json(arrays(3), 2).has_value());
    EXPECT_TRUE(parse_bounded_json(arrays(2), 2).has_value());
}

TEST(BoundedJsonTest, HugeNestingIsRefusedWithoutRecursingThroughIt) {
    EXPECT_FALSE(parse_bounded_json(arrays(1'000'000)).has_value());
}

TEST(BoundedJsonTest, InvalidJsonIsRefused) {
    EXPECT_FALSE(parse_bounded_json("{\"a\": ").has_value());
    EXPECT_FALSE(parse_bounded_json("").has_value());
    EXPECT_FALSE(parse_bounded_json("nul").has_value());
}

}  // namespace
}  // namespace dms::util
