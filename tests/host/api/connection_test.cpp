#include <gtest/gtest.h>

#include <chrono>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A one-second request timeout, so slow clients are dealt with quickly.
class ConnectionTest : public ::testing::Test {
 protected:
    ConnectionTest()
        : host_([](config::Config& config, const std::filesystem::path&) { config.request_timeout_seconds = 1; }) {}

    TestHost host_;
};

TEST_F(ConnectionTest, KeepAliveServesManyRequestsOnOneConnection) {
    HttpClient client(host_.port());
    for (int i = 0; i < 20; ++i) ASSERT_EQ(client.get("/healthz").status, 200u);
    client.post(TestHost::tasks_path("noop", "alice"));
    client.get("/api/v1/services/nope/tasks/x?user_id=a");  // errors keep the connection too
    EXPECT_EQ(client.get("/healthz").status, 200u);
    EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ConnectionTest, ASlowClientGets408OrIsClosedAndTheServerStaysUp) {
    RawConnection slow(host_.port());
    slow.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // the blank line never comes
    auto sent = Clock::now();
    std::string answer;
    ASSERT_TRUE(slow.closed_by_peer_within(5s, &answer)) << "the half request was kept open";
    auto waited = Clock::now() - sent;
    EXPECT_GE(waited, 800ms) << "closed before the request timeout";
    if (!answer.empty()) {
        EXPECT_EQ(raw_status(answer), 408u) << answer;
        Response response;
        response.body = raw_body(answer);
        EXPECT_EQ(response.error_code(), "request_timeout") << answer;
    }
    EXPECT_EQ(HttpClient(host_.port()).get("/healthz").status, 200u);
}

TEST_F(ConnectionTest, ASlowBodyGets408OrIsClosed) {
    RawConnection slow(host_.port());
    slow.send("POST /api/v1/services/noop/users/alice/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{");
    std::string answer;
    ASSERT_TRUE(slow.closed_by_peer_within(5s, &answer));
    if (!answer.empty()) {
        EXPECT_EQ(raw_status(answer), 408u) << answer;
    }
    EXPECT_EQ(host_.admin_get("/admin/stats").json()["totals"]["submitted"], 0);
}

TEST_F(ConnectionTest, SlowClientsDoNotHoldUpOthers) {
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 8; ++i) {
        slow.push_back(std::make_unique<RawConnection>(host_.port()));
        slow.back()->send("GET /healthz HTTP/1.1\r\n");
    }
    auto start = Clock::now();
    HttpClient client(host_.port());
    for (int i = 0; i < 5; ++i) EXPECT_EQ(client.get("/healthz").status, 200u);
    EXPECT_LT(Clock::now() - start, 800ms) << "answers waited for the slow clients' 1 s timeout";
}

TEST_F(ConnectionTest, AnIdleKeptAliveConnectionIsClosedQuietly) {
    RawConnection idle(host_.port());
    idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string answer;
    ASSERT_TRUE(idle.closed_by_peer_within(5s, &answer));
    EXPECT_EQ(raw_status(answer), 200u) << answer;
    EXPECT_EQ(answer.find("408"), std::string::npos) << "an idle connection gets no error, only closed: " << answer;
}

TEST_F(ConnectionTest, Http10WithoutKeepAliveIsAnsweredAndClosed) {
    RawConnection old(host_.port());
    old.send("GET /healthz HTTP/1.0\r\n\r\n");
    std::string answer;
    ASSERT_TRUE(old.closed_by_peer_within(900ms, &answer)) << "the server kept an HTTP/1.0 connection open";
    EXPECT_EQ(answer.rfind("HTTP/1.0 200", 0), 0u) << answer;
}

TEST_F(ConnectionTest, ConnectionCloseIsHonoured) {
    RawConnection once(host_.port());
    once.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string answer;
    ASSERT_TRUE(once.closed_by_peer_within(900ms, &answer));
    EXPECT_EQ(raw_status(answer), 200u) << answer;
}

TEST_F(ConnectionTest, ExpectContinueGetsA100ThenTheAnswer) {
    std::string body = R"({"parameters": {"pad": ")" + std::string(1500, 'x') + R"("}})";
    RawConnection client(host_.port());
    client.send(
        "POST /api/v1/services/noop/users/alice/tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        "Expect: 100-continue\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n");
    std::string interim = client.read_until("\r\n\r\n", 5s);
    EXPECT_EQ(interim.rfind("HTTP/1.1 100", 0), 0u) << interim;
    client.send(body);
    std::string answer = client.read_until_closed(5s);
    EXPECT_EQ(raw_status(answer), 202u) << answer.substr(0, 300);
}

TEST_F(ConnectionTest, PipelinedRequestsAreAnsweredInOrder) {
    RawConnection client(host_.port());
    client.send(
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string answer = client.read_until_closed(5s);
    auto first = answer.find("HTTP/1.1 200");
    auto second = answer.find("HTTP/1.1 404");
    auto third = answer.find("HTTP/1.1 200", first + 1);
    EXPECT_NE(first, std::string::npos) << answer;
    EXPECT_LT(first, second) << answer;
    EXPECT_LT(second, third) << answer;
    EXPECT_NE(third, std::string::npos) << answer;
}

// Connections past DMS_MAX_CONNECTIONS get a JSON 503 and are closed; once one closes, new ones are served again.
TEST(ConnectionCapTest, ConnectionsOverTheCapAreRefusedWith503AndTheHostRecovers) {
    TestHost host([](config::Config& config, const std::filesystem::path&) {
        config.max_connections = 2;
        config.request_timeout_seconds = 10;
    });
    auto first = std::make_unique<HttpClient>(host.port());
    HttpClient second(host.port());
    ASSERT_EQ(first->get("/healthz").status, 200u);
    ASSERT_EQ(second.get("/healthz").status, 200u);

    RawConnection third(host.port());
    third.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string answer = third.read_until_closed(5s);
    EXPECT_EQ(raw_status(answer), 503u) << answer;
    Response refused;
    refused.body = raw_body(answer);
    EXPECT_EQ(refused.error_code(), "too_many_connections") << answer;

    first.reset();
    EXPECT_TRUE(wait_until([&] {
        try {
            return HttpClient(host.port()).get("/healthz").status == 200;
        } catch (const std::exception&) {
            return false;
        }
    }, 5s));
    EXPECT_EQ(second.get("/healthz").status, 200u) << "a connection under the cap kept working throughout";
}

}  // namespace
}  // namespace dms::test
