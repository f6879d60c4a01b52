#include "util/secrets.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dms::util {
namespace {

TEST(SecretsTest, EqualOnlyForIdenticalText) {
    EXPECT_TRUE(secrets_equal("test-token", "test-token"));
    EXPECT_FALSE(secrets_equal("test-token", "test-tokeN"));
    EXPECT_FALSE(secrets_equal("test-token", "test-token-longer"));
    EXPECT_FALSE(secrets_equal("test-token", ""));
    EXPECT_TRUE(secrets_equal("", ""));
}

TEST(SecretsTest, RandomHexHasTheAskedLengthAndDiffersEachTime) {
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) {
        std::string hex = random_hex(32);
        ASSERT_EQ(hex.size(), 64u);
        EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
        seen.insert(hex);
    }
    EXPECT_EQ(seen.size(), 20u);
}

}  // namespace
}  // namespace dms::util
