#include "http/request_id.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "http/request_log_scope.hpp"
#include "util/ids.hpp"

namespace dms::http {
namespace {

TEST(RequestIdTest, AcceptsBoundedSafeTextOnly) {
    EXPECT_TRUE(is_acceptable_request_id("a"));
    EXPECT_TRUE(is_acceptable_request_id("0af7651916cd43dd8448eb211c80319c"));
    EXPECT_TRUE(is_acceptable_request_id("req-1.2_3:4@host/x+y=z"));
    EXPECT_TRUE(is_acceptable_request_id(std::string(kMaxRequestIdLength, 'a')));
    EXPECT_FALSE(is_acceptable_request_id(""));
    EXPECT_FALSE(is_acceptable_request_id(std::string(kMaxRequestIdLength + 1, 'a')));
    for (std::string_view bad : {"a b", "a\tb", "a\"b", "a\\b", "a{b", "a<b", "a\nb", "a\rb", "a,b", "a;b"}) {
        EXPECT_FALSE(is_acceptable_request_id(bad)) << bad;
    }
    EXPECT_FALSE(is_acceptable_request_id(std::string("a\0b", 3)));
    EXPECT_FALSE(is_acceptable_request_id("caf\xc3\xa9"));
    EXPECT_FALSE(is_acceptable_request_id("\x7f"));
}

TEST(RequestIdTest, KeepsAnAcceptableIdAndMakesOneOtherwise) {
    EXPECT_EQ(request_id_for("abc-123"), "abc-123");
    std::string made = request_id_for("bad id");
    EXPECT_TRUE(util::looks_like_task_id(made)) << made;
    EXPECT_NE(request_id_for(""), request_id_for(""));
}

TEST(RequestLogScopeTest, MarksThisThreadOnlyWhileItLivesAndNests) {
    EXPECT_EQ(RequestLogScope::current(), "");
    {
        RequestLogScope outer("outer");
        EXPECT_EQ(RequestLogScope::current(), "outer");
        std::string seen_elsewhere = "unset";
        std::thread([&] { seen_elsewhere = std::string(RequestLogScope::current()); }).join();
        EXPECT_EQ(seen_elsewhere, "");
        {
            RequestLogScope inner("inner");
            EXPECT_EQ(RequestLogScope::current(), "inner");
        }
        EXPECT_EQ(RequestLogScope::current(), "outer");
    }
    EXPECT_EQ(RequestLogScope::current(), "");
}

}  // namespace
}  // namespace dms::http
