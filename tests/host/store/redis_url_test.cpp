// Parsing redis:// URLs (DMS_REDIS_WRITE_URL, DMS_REDIS_READ_URL).
#include <gtest/gtest.h>

#include <stdexcept>

#include "store/redis/url.hpp"

namespace dms::store::redis {
namespace {

TEST(RedisUrlTest, HostPortAndDatabase) {
    Url url = parse_url("redis://haproxy-redis.dms-redis.svc.cluster.local:6380/2");
    EXPECT_EQ(url.host, "haproxy-redis.dms-redis.svc.cluster.local");
    EXPECT_EQ(url.port, 6380);
    EXPECT_EQ(url.db, 2);
    EXPECT_TRUE(url.password.empty());
    EXPECT_EQ(url.address(), "haproxy-redis.dms-redis.svc.cluster.local:6380");
}

TEST(RedisUrlTest, DefaultsArePort6379AndDatabase0) {
    for (const char* text : {"redis://127.0.0.1", "redis://127.0.0.1/", "redis://127.0.0.1/0"}) {
        Url url = parse_url(text);
        EXPECT_EQ(url.host, "127.0.0.1") << text;
        EXPECT_EQ(url.port, 6379) << text;
        EXPECT_EQ(url.db, 0) << text;
    }
}

TEST(RedisUrlTest, PasswordAloneOrWithAUserIsDecoded) {
    Url alone = parse_url("redis://:s3cr%40t%3Ax@redis:6379/1");
    EXPECT_EQ(alone.password, "s3cr@t:x");
    EXPECT_TRUE(alone.user.empty());
    EXPECT_EQ(alone.host, "redis");
    EXPECT_EQ(alone.db, 1);
    Url with_user = parse_url("redis://dms:pw@redis");
    EXPECT_EQ(with_user.user, "dms");
    EXPECT_EQ(with_user.password, "pw");
    EXPECT_EQ(parse_url("redis://[::1]:7000").host, "::1");
}

TEST(RedisUrlTest, BadUrlsAreRefusedWithoutEchoingThePassword) {
    for (const char* text : {"", "127.0.0.1:6379", "http://redis:6379", "rediss://redis", "redis://", "redis://redis/x",
                             "redis://redis/-1", "redis://redis/1/2", "redis://redis:0", "redis://redis:99999",
                             "redis://dms@redis", "redis://redis?db=1", "redis://:topsecret@redis/abc"}) {
        try {
            parse_url(text);
            ADD_FAILURE() << "accepted " << text;
        } catch (const std::invalid_argument& error) {
            EXPECT_EQ(std::string(error.what()).find("topsecret"), std::string::npos) << error.what();
        }
    }
}

}  // namespace
}  // namespace dms::store::redis
