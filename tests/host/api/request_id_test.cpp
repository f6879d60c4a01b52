// X-Request-Id over real HTTP: a client's acceptable id is echoed, a hostile one replaced, a missing one made; the
// id reaches the host's log lines for the request (JSON and plain), the real dms-host binary writing them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "http/request_id.hpp"
#include "support/host_process.hpp"
#include "support/test_host.hpp"
#include "util/ids.hpp"

namespace dms::test {
namespace {

using ::testing::HasSubstr;

std::string id_of(const Response& response) { return response.header("X-Request-Id"); }

Response get_with_id(TestHost& host, std::string_view target, const std::string& id) {
    return host.client().get(target, {{"X-Request-Id", id}});
}

TEST(RequestIdTest, AnAcceptableIdIsEchoed) {
    TestHost host;
    EXPECT_EQ(id_of(get_with_id(host, "/healthz", "req-42.a:b@c/d+e=f_g")), "req-42.a:b@c/d+e=f_g");
    // On errors too, and on a submission.
    EXPECT_EQ(id_of(get_with_id(host, "/no/such/route", "trace-404")), "trace-404");
    Response submitted = host.client().post(tasks_path("noop", "alice"), "", {{"X-Request-Id", "submit-1"}});
    EXPECT_EQ(submitted.status, 202u);
    EXPECT_EQ(id_of(submitted), "submit-1");
    std::string longest(http::kMaxRequestIdLength, 'x');
    EXPECT_EQ(id_of(get_with_id(host, "/healthz", longest)), longest);
}

// The task's own log lines name the request that caused them, so a task's history leads back to the access log.
TEST(RequestIdTest, TaskLogLinesNameTheRequestThatCausedThem) {
    TestHost host([](config::Config& config, const std::filesystem::path&) {
        config.service_concurrency = {{"sleep", 1}};
    });
    std::string blocker = host.submit("sleep", "alice", "seconds=30")["task_id"];
    Response submitted = host.client().post(tasks_path("sleep", "alice", "seconds=1"), "", {{"X-Request-Id", "sub-7"}});
    ASSERT_EQ(submitted.status, 202u) << submitted.describe();
    std::string id = submitted.json()["task_id"];
    ASSERT_EQ(host.admin_put("/admin/tasks/" + id + "/priority", R"({"priority": "high"})").status, 200u);
    Response cancelled =
        host.client().post(task_path("sleep", id, "alice", "/cancel"), "", {{"X-Request-Id", "cancel-7"}});
    ASSERT_EQ(cancelled.status, 200u) << cancelled.describe();
    auto task = host.get_task("sleep", "alice", id);
    EXPECT_TRUE(has_log_containing(task, "Task queued (request sub-7)")) << task.dump();
    EXPECT_TRUE(has_log_containing(task, "Cancelled by user 'alice' (request cancel-7)")) << task.dump();
    EXPECT_TRUE(has_log_containing(task, "to high by operator (request ")) << task.dump();
    host.client().post(task_path("sleep", blocker, "alice", "/cancel"));
}

TEST(RequestIdTest, AMissingIdIsMadeAndEachRequestGetsItsOwn) {
    TestHost host;
    std::string first = id_of(host.client().get("/healthz"));
    std::string second = id_of(host.client().get("/healthz"));
    EXPECT_TRUE(util::looks_like_task_id(first)) << first;
    EXPECT_TRUE(util::looks_like_task_id(second)) << second;
    EXPECT_NE(first, second);
}

TEST(RequestIdTest, AHostileIdIsReplaced) {
    TestHost host;
    for (const std::string& hostile :
         {std::string(http::kMaxRequestIdLength + 1, 'x'), std::string("two words"), std::string("tab\there"),
          std::string(R"(quote"brace{)"), std::string("ctl\x01") + "char", std::string("new\rline"),
          std::string("caf\xc3\xa9")}) {
        Response response = get_with_id(host, "/healthz", hostile);
        std::string answered = id_of(response);
        EXPECT_NE(answered, hostile);
        EXPECT_TRUE(util::looks_like_task_id(answered)) << answered << " for " << response.describe();
    }
}

// The log lines the host wrote so far that hold `text`.
std::vector<std::string> lines_with(const HostProcess& host, std::string_view text) {
    std::vector<std::string> found;
    std::istringstream log(host.log());
    for (std::string line; std::getline(log, line);) {
        if (line.find(text) != std::string::npos) found.push_back(line);
    }
    return found;
}

TEST(RequestIdTest, TheAccessLineAndTheHandlersLinesCarryTheIdInJson) {
    TempDir dir;
    HostProcessOptions options;
    options.work_dir = dir.path();
    options.env["DMS_LOG_JSON"] = "true";
    HostProcess host(options);
    HttpClient client(host.port());
    ASSERT_EQ(client.get("/healthz", {{"X-Request-Id", "json-log-1"}}).status, 200u);
    ASSERT_EQ(client
                  .post(std::string(kApi) + "/admin/users/bob/block", "",
                        {{"X-Request-Id", "json-log-2"}, {"X-Operator-Token", std::string(kTestToken)}})
                  .status,
              200u);
    std::string made = client.get("/healthz").header("X-Request-Id");

    // Lines are flushed once a second.
    ASSERT_TRUE(wait_until([&] { return !lines_with(host, made).empty(); }, std::chrono::seconds(5))) << host.log();
    auto access = lines_with(host, R"("request_id":"json-log-1")");
    ASSERT_EQ(access.size(), 1u) << host.log();
    nlohmann::json line = nlohmann::json::parse(access[0]);
    EXPECT_EQ(line["request_id"], "json-log-1");
    EXPECT_THAT(line["message"].get<std::string>(), HasSubstr("GET /healthz 200"));

    // The operator's action is logged by the service while it handles the request, and carries its id.
    auto block = lines_with(host, R"("request_id":"json-log-2")");
    ASSERT_EQ(block.size(), 2u) << host.log();
    EXPECT_EQ(nlohmann::json::parse(block[0])["message"], "operator blocked user 'bob'");
    EXPECT_THAT(nlohmann::json::parse(block[1])["message"].get<std::string>(), HasSubstr("POST "));

    auto made_lines = lines_with(host, made);
    ASSERT_EQ(made_lines.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(made_lines[0])["request_id"], made);
    // Lines no request caused have no id.
    auto startup = lines_with(host, "listening on");
    ASSERT_EQ(startup.size(), 1u);
    EXPECT_FALSE(nlohmann::json::parse(startup[0]).contains("request_id"));
}

TEST(RequestIdTest, PlainLogLinesEndWithTheId) {
    TempDir dir;
    HostProcessOptions options;  // DMS_LOG_JSON=false
    options.work_dir = dir.path();
    HostProcess host(options);
    HttpClient client(host.port());
    ASSERT_EQ(client.get("/nothing", {{"X-Request-Id", "plain-log-1"}}).status, 404u);
    ASSERT_TRUE(wait_until([&] { return !lines_with(host, "plain-log-1").empty(); }, std::chrono::seconds(5)))
        << host.log();
    auto lines = lines_with(host, "plain-log-1");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_THAT(lines[0], HasSubstr("GET /nothing 404 "));
    EXPECT_EQ(lines[0].substr(lines[0].size() - std::string_view(" request_id=plain-log-1").size()),
              " request_id=plain-log-1");
}

}  // namespace
}  // namespace dms::test
