#include <gtest/gtest.h>

#include <date/tz.h>

#include <regex>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

// A completed noop task of a host running in `zone`.
nlohmann::json task_in_zone(TestHost& host) {
    std::string id = host.submit("noop", "alice")["task_id"];
    return host.wait_for_status("noop", "alice", id, "completed");
}

TestHost::Adjust zone(std::string name) {
    return [name](config::Config& config, const std::filesystem::path&) { config.timezone = name; };
}

// Every log line is "<iso-timestamp>,<message>" and every timestamp carries `offset`.
void expect_offset(const nlohmann::json& task, const std::string& offset) {
    const std::regex line("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}([+-]\\d\\d:\\d\\d),(.+)$");
    ASSERT_GE(task["logs"].size(), 3u) << task.dump();
    for (const auto& entry : task["logs"]) {
        std::smatch match;
        std::string text = entry;
        ASSERT_TRUE(std::regex_match(text, match, line)) << text;
        EXPECT_EQ(match[1], offset) << text;
    }
    for (const char* field : {"created_at", "updated_at", "started_at", "finished_at"}) {
        std::string at = task[field];
        EXPECT_EQ(at.substr(at.size() - 6), offset) << field << " " << at;
    }
}

TEST(TimezoneTest, UtcLogLinesEndInZeroOffset) {
    TestHost host(zone("UTC"));
    expect_offset(task_in_zone(host), "+00:00");
}

TEST(TimezoneTest, SeoulLogLinesEndInPlusNine) {
    TestHost host(zone("Asia/Seoul"));
    auto task = task_in_zone(host);
    expect_offset(task, "+09:00");
    EXPECT_EQ(task["logs"][0].get<std::string>().substr(33, 11), "Task queued");
}

TEST(TimezoneTest, NewYorkFollowsDaylightSavingTimeForToday) {
    TestHost host(zone("America/New_York"));
    auto task = task_in_zone(host);
    // The offset in force now, from the tz database: -05:00 in winter, -04:00 in summer.
    auto info = date::locate_zone("America/New_York")->get_info(std::chrono::system_clock::now());
    std::string expected = info.offset == std::chrono::hours(-4) ? "-04:00" : "-05:00";
    expect_offset(task, expected);
}

TEST(TimezoneTest, HelpNamesTheZoneOfLogLines) {
    TestHost host(zone("Asia/Seoul"));
    EXPECT_EQ(host.client().get("/api/v1/help").json()["log_format"], "<iso-timestamp>,<message> in Asia/Seoul");
}

TEST(TimezoneTest, StatsLastUpdatedUsesTheZone) {
    TestHost host(zone("Asia/Seoul"));
    task_in_zone(host);
    std::string at = host.admin_get("/admin/stats").json()["last_updated"];
    EXPECT_EQ(at.substr(at.size() - 6), "+09:00");
}

}  // namespace
}  // namespace dms::test
