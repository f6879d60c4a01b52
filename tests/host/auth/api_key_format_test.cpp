#include <gtest/gtest.h>

#include "auth/api_key_format.hpp"

namespace dms::auth {
namespace {

TEST(ApiKeyFormatTest, AGeneratedKeyParsesBackToItsIdAndSecret) {
    GeneratedKey key = generate_api_key();
    EXPECT_EQ(key.text.size(), 4u + 16 + 1 + 64);
    auto parsed = parse_api_key(key.text);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->key_id, key.key_id);
    EXPECT_EQ(parsed->secret, key.secret);
    EXPECT_TRUE(is_key_id(key.key_id));
    EXPECT_NE(generate_api_key().text, key.text);
}

TEST(ApiKeyFormatTest, AnythingElseIsRefused) {
    const std::string good = "dms_0123456789abcdef_" + std::string(64, 'a');
    EXPECT_TRUE(parse_api_key(good));
    for (const std::string& bad :
         {std::string(), std::string("dms_"), "DMS_0123456789abcdef_" + std::string(64, 'a'),
          "dms_0123456789ABCDEF_" + std::string(64, 'a'), "dms_0123456789abcdef-" + std::string(64, 'a'),
          "dms_0123456789abcde_" + std::string(65, 'a'), good + "a", good.substr(0, good.size() - 1),
          "dms_0123456789abcdef_" + std::string(63, 'a') + "g", " " + good}) {
        EXPECT_FALSE(parse_api_key(bad)) << bad;
    }
}

TEST(ApiKeyFormatTest, OnlyTheRightSecretMatchesItsHash) {
    GeneratedKey key = generate_api_key();
    std::string stored = hash_secret(key.secret);
    EXPECT_EQ(stored.size(), 64u);
    EXPECT_NE(stored, key.secret);
    EXPECT_TRUE(secret_matches(key.secret, stored));
    EXPECT_FALSE(secret_matches(generate_api_key().secret, stored));
    EXPECT_FALSE(secret_matches(key.secret, stored.substr(1)));
    EXPECT_FALSE(secret_matches(key.secret, ""));
}

}  // namespace
}  // namespace dms::auth
