#include <gtest/gtest.h>

#include "support/test_host.hpp"

namespace dms::test {
namespace {

using namespace std::chrono_literals;

// The error model on a raw answer: JSON {"error": {"code", "message"}}.
std::string raw_error_code(const std::string& answer) {
    Response response;
    response.body = raw_body(answer);
    return response.error_code();
}

class ErrorsTest : public ::testing::Test {
 protected:
    ErrorsTest() : host_([](config::Config& config, const std::filesystem::path&) { config.max_body_bytes = 1024; }) {}

    // The server still serves, on a new connection.
    void expect_still_serving() {
        HttpClient fresh(host_.port());
        EXPECT_EQ(fresh.get("/healthz").status, 200u);
    }

    TestHost host_;
};

TEST_F(ErrorsTest, UnknownRouteIs404Json) {
    for (const char* target :
         {"/", "/api/v1", "/api/v1/nothing", "/api/v1/services/noop", "/healthz/x", "/API/V1/help"}) {
        Response response = host_.client().get(target);
        EXPECT_EQ(response.status, 404u) << target << ": " << response.describe();
        EXPECT_EQ(response.error_code(), "not_found") << target;
        EXPECT_EQ(response.header("Content-Type"), "application/json") << target;
    }
}

TEST_F(ErrorsTest, WrongMethodIs405WithAllow) {
    struct Case {
        boost::beast::http::verb verb;
        const char* target;
        const char* allow;
    };
    using boost::beast::http::verb;
    for (const Case& c : {Case{verb::put, "/api/v1/services", "GET"}, Case{verb::post, "/healthz", "GET"},
                          Case{verb::delete_, "/api/v1/help", "GET"},
                          Case{verb::put, "/api/v1/services/noop/users/u/tasks", "GET, POST"},
                          Case{verb::patch, "/api/v1/services/noop/tasks/x", "GET, DELETE"},
                          Case{verb::get, "/api/v1/admin/block", "POST"}}) {
        Response response = host_.client().request(c.verb, c.target);
        EXPECT_EQ(response.status, 405u) << c.target << ": " << response.describe();
        EXPECT_EQ(response.error_code(), "method_not_allowed") << c.target;
        EXPECT_EQ(response.header("Allow"), c.allow) << c.target;
    }
}

TEST_F(ErrorsTest, BodyTooLargeIs413AndTheServerGoesOn) {
    std::string body = R"({"parameters": {"pad": ")" + std::string(2000, 'x') + R"("}})";
    std::string request =
        "POST /api/v1/services/noop/users/alice/tasks HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    std::string answer = raw_exchange(host_.port(), request);
    EXPECT_EQ(raw_status(answer), 413u) << answer;
    EXPECT_EQ(raw_error_code(answer), "payload_too_large") << answer;
    expect_still_serving();
    EXPECT_EQ(host_.admin_get("/admin/stats").json()["totals"]["submitted"], 0);
    // A body under the limit is fine.
    EXPECT_EQ(host_.client().post(TestHost::tasks_path("noop", "alice"), R"({"parameters": {"pad": "x"}})").status,
              202u);
}

TEST_F(ErrorsTest, ChunkedBodyTooLargeIs413) {
    std::string chunk(1500, 'x');
    char size[16];
    std::snprintf(size, sizeof(size), "%zx", chunk.size());
    std::string request =
        "POST /api/v1/services/noop/users/alice/tasks HTTP/1.1\r\nHost: x\r\n"
        "Transfer-Encoding: chunked\r\n\r\n" +
        std::string(size) + "\r\n" + chunk + "\r\n0\r\n\r\n";
    std::string answer = raw_exchange(host_.port(), request);
    EXPECT_EQ(raw_status(answer), 413u) << answer;
    expect_still_serving();
}

TEST_F(ErrorsTest, HeadersTooLargeAreRefused) {
    std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(20000, 'p') + "\r\n\r\n";
    std::string answer = raw_exchange(host_.port(), request);
    EXPECT_EQ(raw_status(answer), 431u) << answer.substr(0, 200);
    expect_still_serving();
}

TEST_F(ErrorsTest, MalformedHttpIs400JsonAndTheServerGoesOn) {
    for (std::string request :
         {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n"),
          std::string("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"),
          std::string("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
          std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
          std::string("GET /hea\0lthz HTTP/1.1\r\nHost: x\r\n\r\n", 35),
          std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n")}) {
        std::string answer = raw_exchange(host_.port(), request);
        SCOPED_TRACE("request: " + request.substr(0, 40));
        EXPECT_EQ(raw_status(answer), 400u) << answer;
        EXPECT_EQ(raw_error_code(answer), "bad_request") << answer;
        EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
    }
    expect_still_serving();
}

TEST_F(ErrorsTest, ATargetThatIsNotAPathIs400) {
    std::string answer =
        raw_exchange(host_.port(), "GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(raw_status(answer), 400u) << answer;
    EXPECT_EQ(raw_error_code(answer), "bad_request") << answer;
    answer = raw_exchange(host_.port(), "GET /a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(raw_status(answer), 400u) << answer;
    expect_still_serving();
}

TEST_F(ErrorsTest, AClientThatHangsUpMidRequestDoesNotHurtTheServer) {
    for (int i = 0; i < 5; ++i) {
        RawConnection connection(host_.port());
        connection.send(
            "POST /api/v1/services/noop/users/alice/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"par");
    }
    expect_still_serving();
    EXPECT_EQ(host_.admin_get("/admin/stats").json()["totals"]["submitted"], 0);
}

}  // namespace
}  // namespace dms::test
