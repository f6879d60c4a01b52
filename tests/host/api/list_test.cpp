#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

// alice has seven noop tasks (all completed) and one cancelled sleep; bob has two noop tasks.
class ListTest : public ::testing::Test {
 protected:
    void SetUp() override {
        for (int i = 0; i < 7; ++i)
            alice_noop_.push_back(host_.submit("noop", "alice", "n=" + std::to_string(i))["task_id"]);
        for (int i = 0; i < 2; ++i) bob_noop_.push_back(host_.submit("noop", "bob")["task_id"]);
        alice_sleep_ = host_.submit("sleep", "alice", "seconds=60")["task_id"];
        ASSERT_EQ(host_.client().post(TestHost::task_path("sleep", alice_sleep_, "alice", "/cancel")).status, 200u);
        for (const auto& id : alice_noop_) host_.wait_for_status("noop", "alice", id, "completed");
        for (const auto& id : bob_noop_) host_.wait_for_status("noop", "bob", id, "completed");
        host_.wait_for_status("sleep", "alice", alice_sleep_, "cancelled");
    }

    Response list(std::string_view service, std::string_view user, std::string_view query = "") {
        return host_.client().get(TestHost::tasks_path(service, user, query));
    }

    static std::vector<std::string> ids(const nlohmann::json& page) {
        std::vector<std::string> out;
        for (const auto& task : page["tasks"]) out.push_back(task["task_id"]);
        return out;
    }

    TestHost host_;
    std::vector<std::string> alice_noop_;
    std::vector<std::string> bob_noop_;
    std::string alice_sleep_;
};

TEST_F(ListTest, ListsTheUsersTasksOfTheServiceNewestFirst) {
    Response response = list("noop", "alice");
    ASSERT_EQ(response.status, 200u) << response.describe();
    auto page = response.json();
    std::vector<std::string> expected(alice_noop_.rbegin(), alice_noop_.rend());
    EXPECT_EQ(ids(page), expected);
    EXPECT_TRUE(page["next_cursor"].is_null());
    for (const auto& task : page["tasks"]) {
        EXPECT_EQ(task["user_id"], "alice");
        EXPECT_EQ(task["service"], "noop");
    }
    EXPECT_EQ(ids(list("noop", "bob").json()).size(), 2u);
    EXPECT_TRUE(list("noop", "carol").json()["tasks"].empty());
}

TEST_F(ListTest, StatusFilter) {
    auto cancelled = list("sleep", "alice", "status=cancelled").json();
    EXPECT_EQ(ids(cancelled), std::vector<std::string>{alice_sleep_});
    EXPECT_TRUE(list("sleep", "alice", "status=completed").json()["tasks"].empty());
    EXPECT_EQ(ids(list("noop", "alice", "status=completed").json()).size(), 7u);
    EXPECT_TRUE(list("noop", "alice", "status=queued").json()["tasks"].empty());
}

TEST_F(ListTest, PriorityFilter) {
    std::string high = host_.submit("noop", "alice", "", R"({"priority": "high"})")["task_id"];
    auto page = list("noop", "alice", "priority=high").json();
    EXPECT_EQ(ids(page), std::vector<std::string>{high});
    EXPECT_EQ(ids(list("noop", "alice", "priority=low").json()).size(), 7u);
}

TEST_F(ListTest, CursorPaginationVisitsEachTaskOnce) {
    std::vector<std::string> seen;
    std::string query = "limit=3";
    int pages = 0;
    for (;;) {
        Response response = list("noop", "alice", query);
        ASSERT_EQ(response.status, 200u) << response.describe();
        auto page = response.json();
        EXPECT_LE(page["tasks"].size(), 3u);
        for (const auto& id : ids(page)) seen.push_back(id);
        ASSERT_LT(++pages, 10) << "pagination does not end";
        if (page["next_cursor"].is_null()) break;
        query = "limit=3&cursor=" + url_encode(page["next_cursor"].get<std::string>());
    }
    std::vector<std::string> expected(alice_noop_.rbegin(), alice_noop_.rend());
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(pages, 3);
}

TEST_F(ListTest, PaginationWithAnExactMultipleEndsWithAnEmptyPageOrNullCursor) {
    std::vector<std::string> seen;
    std::string query = "limit=7";
    for (int pages = 0; pages < 5; ++pages) {
        auto page = list("noop", "alice", query).json();
        for (const auto& id : ids(page)) seen.push_back(id);
        if (page["next_cursor"].is_null()) break;
        query = "limit=7&cursor=" + url_encode(page["next_cursor"].get<std::string>());
    }
    EXPECT_EQ(seen.size(), 7u);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);
}

TEST_F(ListTest, ListingsLeaveOutLogLinesButCountThem) {
    auto task = list("noop", "alice", "limit=1").json()["tasks"][0];
    EXPECT_FALSE(task.contains("logs")) << task.dump();
    EXPECT_GE(task["log_count"], 3) << task.dump();
}

TEST_F(ListTest, BadLimitIs400) {
    for (const char* limit : {"0", "1001", "abc", "-1", "2.5", ""}) {
        Response response = list("noop", "alice", std::string("limit=") + limit);
        EXPECT_EQ(response.status, 400u) << limit << ": " << response.describe();
        EXPECT_EQ(response.error_code(), "bad_request") << limit;
    }
    EXPECT_EQ(list("noop", "alice", "limit=1000").status, 200u);
    EXPECT_EQ(list("noop", "alice", "limit=1").status, 200u);
}

TEST_F(ListTest, BadCursorIs400) {
    for (const char* cursor : {"zzz", "c0", "c-1", "c12x", "c"}) {
        Response response = list("noop", "alice", std::string("cursor=") + cursor);
        EXPECT_EQ(response.status, 400u) << cursor << ": " << response.describe();
        EXPECT_EQ(response.error_code(), "bad_request") << cursor;
    }
}

TEST_F(ListTest, BadFiltersAre400) {
    for (const char* query : {"status=done", "priority=urgent", "colour=red", "user_id=alice", "service=noop",
                              "status=queued&status=running"}) {
        Response response = list("noop", "alice", query);
        EXPECT_EQ(response.status, 400u) << query << ": " << response.describe();
        EXPECT_EQ(response.error_code(), "bad_request") << query;
    }
}

TEST_F(ListTest, UsersOfAServiceAreListedSorted) {
    host_.submit("noop", "aaron");
    Response response = host_.client().get("/api/v1/services/noop/users");
    ASSERT_EQ(response.status, 200u) << response.describe();
    EXPECT_EQ(response.json()["users"], nlohmann::json({"aaron", "alice", "bob"}));
    EXPECT_EQ(host_.client().get("/api/v1/services/sleep/users").json()["users"], nlohmann::json({"alice"}));
    EXPECT_EQ(host_.client().get("/api/v1/services/teleport/users").json()["users"], nlohmann::json::array());
    EXPECT_EQ(host_.client().get("/api/v1/services/bad%20name/users").status, 400u);
}

}  // namespace
}  // namespace dms::test
